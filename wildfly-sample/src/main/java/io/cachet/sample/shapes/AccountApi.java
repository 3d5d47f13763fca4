package io.cachet.sample.shapes;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * An API interface, as OpenAPI generators write them: the JAX-RS method annotations live here.
 * The class-level {@code @Path} is on the implementing class: Jersey (Payara, GlassFish) takes an
 * interface that carries {@code @Path} for a root resource of its own and fails to create it.
 */
@Produces(MediaType.APPLICATION_JSON)
public interface AccountApi {
    @GET
    Account account();

    /** Whose account, and a counter showing how often it was computed. */
    record Account(String owner, int computed) {
    }
}
