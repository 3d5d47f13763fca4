package io.cachet.sample.shapes;

import io.cachet.Cached;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The language comes from an application bean, out of Cachet's sight; the response says
 * {@code Vary: Accept-Language}, as it should, and Cachet keys the entry by it.
 */
@Path("/shapes/greeting")
@jakarta.ws.rs.Produces(MediaType.TEXT_PLAIN)
@ApplicationScoped
public class Greeting {
    @Inject
    Languages languages;

    @GET
    @Cached(expire = 60)
    public Response greeting() {
        String text = languages.preferred().startsWith("fr") ? "Bonjour" : "Hello";
        return Response.ok(text, MediaType.TEXT_PLAIN_TYPE).header("Vary", "Accept-Language").build();
    }
}
