package io.cachet.sample.shapes;

import io.cachet.Cached;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A catalogue per tenant, the tenant known only to a request-scoped bean a filter filled: one
 * method says how its answer varies by the header, one says only {@code perUser}.
 */
@Path("/shapes/tenant")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
public class Tenants {
    @Inject
    TenantContext context;

    @GET
    @Path("by-header")
    @Cached(expire = 60, vary = "X-Tenant-ID")
    public String byHeader() {
        return "catalogue of " + context.tenant();
    }

    @GET
    @Path("per-user")
    @Cached(expire = 60, perUser = true)
    public String perUser() {
        return "catalogue of " + context.tenant();
    }
}
