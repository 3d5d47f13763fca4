package io.cachet.servlet;

import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;

/**
 * Cachet's JAX-RS providers, each at the priority it needs: {@link CachetJaxRsFilter} (its
 * response side last of all response filters), {@link RepresentationCapture} (the writer
 * interceptor closest to the {@code MessageBodyWriter}, so compression and other application
 * interceptors run again on a hit exactly as on the miss) and {@link CachedAnswerMapper}. Found by
 * the server's {@code @Provider} scanning; an {@code Application} that lists its classes must list
 * this one.
 */
@Provider
public class CachetFeature implements Feature {
    /**
     * Far outside the priorities applications use, but not near {@code Integer.MIN_VALUE} or
     * {@code MAX_VALUE}: Jersey orders providers by subtracting priorities, which overflows there
     * (its response filters then ran Cachet's before the application's, which stored {@code no-store}
     * answers).
     */
    static final int FIRST = -1_000_000;
    static final int LAST = 1_000_000;

    @Override
    public boolean configure(FeatureContext context) {
        context.register(CachetJaxRsFilter.class, FIRST);
        context.register(RepresentationCapture.class, LAST);
        context.register(CachedAnswerMapper.class);
        return true;
    }
}
