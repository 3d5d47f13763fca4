package io.cachet.sample.shapes;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/** Reads {@code X-Tenant-ID} into the request-scoped {@link TenantContext}. */
@Provider
public class TenantFilter implements ContainerRequestFilter {
    @Inject
    TenantContext context;

    @Override
    public void filter(ContainerRequestContext request) {
        String tenant = request.getHeaderString("X-Tenant-ID");
        if (tenant != null) {
            context.tenant(tenant);
        }
    }
}
