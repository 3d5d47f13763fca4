package io.cachet.servlet;

import io.cachet.spi.HttpExchange;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The JAX-RS side of HTTP caching. On the request it tells the servlet filter's exchange which
 * resource method matched (so a resource method another one calls is a bean call) and where the
 * JAX-RS {@code SecurityContext} is (a request filter may set the user). On the response, after
 * every application filter (its priority is the lowest, and response filters run from the highest
 * down), it stores a pending miss only if the final response allows it and sets the outcome's
 * headers. A request {@link CachetFilter} did not see ({@code metadata-complete="true"}, an
 * {@code <absolute-ordering>} without the {@code cachet} fragment, a filter mapping that misses the
 * path) bypasses the cache, since its users cannot be told apart; a warning says how to map the
 * filter. Registered, at the lowest priority, by {@link CachetFeature}.
 */
public class CachetJaxRsFilter implements ContainerRequestFilter, ContainerResponseFilter {
    private static final System.Logger LOG = System.getLogger("io.cachet.servlet");
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final String EXCHANGE = RepresentationCapture.EXCHANGE;

    @Context
    private ResourceInfo resource;

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
        public RuntimeException answer(Call call, byte[] payload, int offset, int length, long remainingMillis) {
            throw new IllegalStateException("never used: the call bypasses the cache");
        }

        @Override
        public void miss(Call call, Object value, PendingStore store) {
            throw new IllegalStateException("never used: the call bypasses the cache");
        }

        @Override
        public void uncached(Call call) {
            // nothing to say
        }
    };

    @Override
    public void filter(ContainerRequestContext request) {
        HttpExchange current = ServletExchanges.CURRENT.get();
        if (current instanceof ServletExchange exchange) {
            exchange.attach(request, resource.getResourceClass(), resource.getResourceMethod());
            request.setProperty(EXCHANGE, exchange);
        } else if (current == null) {
            ServletExchanges.bind(UNSEEN);
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(EXCHANGE) instanceof ServletExchange exchange) {
            exchange.finish(response);
            // a write's invalidation lands before its answer is written, so its client never reads the old entry
            exchange.written(response.getStatus(), response.getHeaderString("Location"),
                    response.getHeaderString("Content-Location"));
        } else if (ServletExchanges.CURRENT.get() == UNSEEN) {
            ServletExchanges.restore(null);
        }
    }
}
