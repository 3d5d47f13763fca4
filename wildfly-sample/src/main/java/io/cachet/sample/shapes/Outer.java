package io.cachet.sample.shapes;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** An uncached resource whose answer includes another resource's cached answer. */
@Path("/shapes/outer")
@ApplicationScoped
public class Outer {
    @Inject
    OrderFacade orders;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String outer() {
        return "orders: " + orders.count();
    }
}
