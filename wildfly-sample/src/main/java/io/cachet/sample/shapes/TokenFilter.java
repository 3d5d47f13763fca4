package io.cachet.sample.shapes;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

import java.security.Principal;

/**
 * The application's own authentication, as many APIs do it: a bearer token, an API key or a
 * {@code token} cookie names the user, and this filter sets the JAX-RS {@code SecurityContext}.
 * The servlet container knows nothing of these users.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class TokenFilter implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
        String user = null;
        String authorization = request.getHeaderString("Authorization");
        if (authorization != null && authorization.startsWith("Bearer ")) {
            user = authorization.substring("Bearer ".length());
        } else if (request.getHeaderString("X-Api-Key") != null) {
            user = "key:" + request.getHeaderString("X-Api-Key");
        } else {
            Cookie token = request.getCookies().get("token");
            user = token == null ? null : token.getValue();
        }
        if (user != null) {
            String name = user;
            request.setSecurityContext(new SecurityContext() {
                @Override
                public Principal getUserPrincipal() {
                    return () -> name;
                }

                @Override
                public boolean isUserInRole(String role) {
                    return false;
                }

                @Override
                public boolean isSecure() {
                    return false;
                }

                @Override
                public String getAuthenticationScheme() {
                    return "token";
                }
            });
        }
    }
}
