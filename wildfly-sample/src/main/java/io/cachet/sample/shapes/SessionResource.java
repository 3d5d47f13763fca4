package io.cachet.sample.shapes;

import io.cachet.Cached;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** An application-managed login and logout: the user lives in the HTTP session. */
@Path("/shapes/session")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
public class SessionResource {
    @Inject
    HttpSession session;

    @GET
    @Path("login")
    public String login(@QueryParam("user") String user) {
        session.setAttribute("user", user);
        return user;
    }

    @GET
    @Path("logout")
    public String logout() {
        session.invalidate();
        return "bye";
    }

    @GET
    @Path("me")
    @Cached(expire = 60)
    public String me() {
        return String.valueOf(session.getAttribute("user"));
    }
}
