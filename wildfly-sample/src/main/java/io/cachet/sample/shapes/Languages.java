package io.cachet.sample.shapes;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;

/**
 * The request's preferred language, as an i18n helper keeps it: a filter puts it in a thread-local
 * and the helper reads it there, where no injection point shows it to Cachet. Only the response's
 * {@code Vary} says the answer depends on it.
 */
@Provider
@ApplicationScoped
public class Languages implements ContainerRequestFilter, ContainerResponseFilter {
    private static final ThreadLocal<String> PREFERRED = new ThreadLocal<>();

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString("Accept-Language");
        PREFERRED.set(header == null ? "en" : header.trim().toLowerCase(Locale.ROOT));
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        PREFERRED.remove();
    }

    public String preferred() {
        String preferred = PREFERRED.get();
        return preferred == null ? "en" : preferred;
    }
}
