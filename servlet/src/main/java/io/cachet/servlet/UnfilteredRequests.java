package io.cachet.servlet;

import io.cachet.spi.HttpExchange;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps {@code @Cached} resource methods safe when {@link CachetFilter} did not see the request:
 * a {@code web.xml} with {@code metadata-complete="true"}, an {@code <absolute-ordering>} without
 * the {@code cachet} fragment, or a filter mapping that misses the path. Without the filter Cachet
 * cannot tell users apart, so those calls bypass the cache instead of risking one user's response
 * being served to another; a warning says how to map the filter. Found by the server's
 * {@code @Provider} scanning; an {@code Application} that lists its classes must list this one.
 */
@Provider
@Priority(Priorities.AUTHENTICATION - 100)
public class UnfilteredRequests implements ContainerRequestFilter, ContainerResponseFilter {
    private static final System.Logger LOG = System.getLogger("io.cachet.servlet");
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    /** The exchange of a request the filter did not see: the cache is neither read nor written. */
    static final HttpExchange UNSEEN = new HttpExchange() {
        @Override
        public Mode mode(Call call) {
            if (WARNED.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "Cachet: CachetFilter did not see a request to a @Cached"
                        + " resource method, so Cachet cannot tell its users apart and does not cache it. Map"
                        + " io.cachet.servlet.CachetFilter to /* (web.xml), or keep the 'cachet' web fragment."
                        + " Logged once.");
            }
            return Mode.BYPASS;
        }

        @Override
        public String keyScope(Call call) {
            throw new IllegalStateException("never used: the call bypasses the cache");
        }

        @Override
        public void hit(Call call, byte[] payload, int offset, int length, long remainingMillis) {
            throw new IllegalStateException("never used: the call bypasses the cache");
        }

        @Override
        public void miss(Call call, byte[] payload, int offset, int length, long remainingMillis) {
            throw new IllegalStateException("never used: the call bypasses the cache");
        }

        @Override
        public void uncached(Call call) {
            // nothing to say
        }
    };

    @Override
    public void filter(ContainerRequestContext request) {
        if (ServletExchanges.CURRENT.get() == null) {
            ServletExchanges.bind(UNSEEN);
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (ServletExchanges.CURRENT.get() == UNSEEN) {
            ServletExchanges.restore(null);
        }
    }
}
