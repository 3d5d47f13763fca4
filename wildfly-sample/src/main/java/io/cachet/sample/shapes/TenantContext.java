package io.cachet.sample.shapes;

import jakarta.enterprise.context.RequestScoped;

/** The request's tenant, as {@link TenantFilter} read it: the common multi-tenant shape. */
@RequestScoped
public class TenantContext {
    private String tenant = "none";

    public String tenant() {
        return tenant;
    }

    void tenant(String tenant) {
        this.tenant = tenant;
    }
}
