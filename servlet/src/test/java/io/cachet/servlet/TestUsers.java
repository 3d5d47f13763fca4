package io.cachet.servlet;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.SecurityContext;

import java.security.Principal;
import java.util.Set;

/**
 * Who the request is, set by a JAX-RS filter as applications with token authentication do:
 * {@code X-Test-User: name} and {@code X-Test-Roles: a,b} become the request's {@code SecurityContext}.
 */
@Priority(Priorities.AUTHENTICATION)
public class TestUsers implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
        String user = request.getHeaderString("X-Test-User");
        if (user == null) {
            return;
        }
        String roles = request.getHeaderString("X-Test-Roles");
        Set<String> granted = roles == null ? Set.of() : Set.of(roles.split(","));
        Principal principal = () -> user;
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public boolean isUserInRole(String role) {
                return granted.contains(role);
            }

            @Override
            public boolean isSecure() {
                return false;
            }

            @Override
            public String getAuthenticationScheme() {
                return "test";
            }
        });
    }
}
