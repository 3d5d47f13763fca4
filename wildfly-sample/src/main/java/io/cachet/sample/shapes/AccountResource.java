package io.cachet.sample.shapes;

import io.cachet.Cached;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;

import java.util.concurrent.atomic.AtomicInteger;

/** Implements {@link AccountApi}: only its {@code @Path}, the methods' annotations inherited; the user from an injected context. */
@jakarta.ws.rs.Path("/shapes/account")
@RequestScoped
public class AccountResource implements AccountApi {
    private static final AtomicInteger COMPUTED = new AtomicInteger();

    @Context
    SecurityContext security;

    @Override
    @Cached(expire = 60)
    public Account account() {
        String owner = security.getUserPrincipal() == null ? "anonymous" : security.getUserPrincipal().getName();
        return new Account(owner, COMPUTED.incrementAndGet());
    }
}
