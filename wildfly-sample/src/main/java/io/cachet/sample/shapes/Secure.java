package io.cachet.sample.shapes;

import io.cachet.Cached;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import java.util.concurrent.atomic.AtomicInteger;

/** Behind the container's BASIC authentication (web.xml): the user is the servlet principal. */
@Path("/shapes/secure/me")
@RequestScoped
public class Secure {
    private static final AtomicInteger COMPUTED = new AtomicInteger();

    @Context
    SecurityContext security;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @Cached(expire = 60)
    public String me() {
        return security.getUserPrincipal().getName() + " " + COMPUTED.incrementAndGet();
    }
}
