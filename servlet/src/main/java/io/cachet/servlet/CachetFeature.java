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
    @Override
    public boolean configure(FeatureContext context) {
        context.register(CachetJaxRsFilter.class, Integer.MIN_VALUE + 1000);
        context.register(RepresentationCapture.class, Integer.MAX_VALUE - 1000);
        context.register(CachedAnswerMapper.class);
        return true;
    }
}
