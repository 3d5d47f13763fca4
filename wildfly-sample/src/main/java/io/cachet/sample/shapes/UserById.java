package io.cachet.sample.shapes;

import io.cachet.Cached;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Request data in fields of a request-scoped resource: the method itself takes no parameter. */
@Path("/shapes/user/{id}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class UserById {
    @PathParam("id")
    long id;
    @QueryParam("fields")
    String fields;

    @GET
    @Cached(expire = 60)
    public User user() {
        return new User(id, "user " + id + (fields == null ? "" : " with " + fields));
    }
}
