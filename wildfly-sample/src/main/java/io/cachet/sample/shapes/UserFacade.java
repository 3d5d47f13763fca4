package io.cachet.sample.shapes;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Path;

import java.util.List;

/** {@code GET /shapes/users}: the facade's cached methods, for users. */
@Path("/shapes/users")
@ApplicationScoped
public class UserFacade extends Facade<User> {
    @Override
    protected List<User> load() {
        return List.of(new User(1, "alice"), new User(2, "bob"));
    }
}
