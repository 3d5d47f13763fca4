package io.cachet.sample.shapes;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** An API interface, as OpenAPI generators write them: the JAX-RS annotations live here. */
@Path("/shapes/account")
@Produces(MediaType.APPLICATION_JSON)
public interface AccountApi {
    @GET
    Account account();

    /** Whose account, and a counter showing how often it was computed. */
    record Account(String owner, int computed) {
    }
}
