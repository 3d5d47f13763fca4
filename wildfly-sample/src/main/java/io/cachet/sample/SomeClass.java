package io.cachet.sample;

import io.cachet.Cached;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** fastapi-cache's {@code SomeClass(17).handler_method}: a method of a bean instance as the handler. */
@Path("method")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class SomeClass {
    private final int value = 17;

    @GET
    @Cached(namespace = "test")
    public int handlerMethod() {
        return value;
    }
}
