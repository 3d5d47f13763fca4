package io.cachet.sample.shapes;

import io.cachet.Cached;
import jakarta.enterprise.context.RequestScoped;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers the application marks as not for shared caches: one through a response filter
 * ({@link NoStoreFilter}), one on the servlet response; and one whose own {@code Cache-Control} says
 * {@code public}, answered per user.
 */
@Path("/shapes/restricted")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
public class Restricted {
    private static final AtomicInteger COMPUTED = new AtomicInteger();

    @Context
    HttpServletResponse response;

    @GET
    @Path("filtered")
    @Cached(expire = 60)
    @NoStore
    public String filtered() {
        return "filtered " + COMPUTED.incrementAndGet();
    }

    /** The application's own {@code Cache-Control}, written for an anonymous page, on a per-user answer. */
    @GET
    @Path("own-cache-control")
    @Cached(expire = 60)
    public jakarta.ws.rs.core.Response ownCacheControl(@jakarta.ws.rs.core.Context jakarta.ws.rs.core.SecurityContext security) {
        String user = security.getUserPrincipal() == null ? "anonymous" : security.getUserPrincipal().getName();
        return jakarta.ws.rs.core.Response.ok("for " + user).header("Cache-Control", "public, max-age=30, s-maxage=300").build();
    }

    @GET
    @Path("servlet")
    @Cached(expire = 60)
    public String servlet() {
        response.setHeader("Cache-Control", "private");
        return "servlet " + COMPUTED.incrementAndGet();
    }
}
