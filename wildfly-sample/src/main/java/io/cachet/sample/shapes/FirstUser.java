package io.cachet.sample.shapes;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** An uncached resource that calls a cached resource method as a bean, and uses its typed result. */
@Path("/shapes/first-user")
@ApplicationScoped
public class FirstUser {
    @Inject
    UserFacade users;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String firstUser() {
        User first = users.all().get(0); // a List<User>, on a hit too
        return first.name();
    }
}
