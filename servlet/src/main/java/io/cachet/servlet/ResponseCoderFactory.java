package io.cachet.servlet;

import io.cachet.Coder;
import io.cachet.spi.CoderFactory;

import java.lang.reflect.Type;

/** Chooses {@link ResponseCoder} for methods returning a JAX-RS {@code Response}. */
public final class ResponseCoderFactory implements CoderFactory {
    @Override
    public Coder coderFor(Type type, Coder globalCoder) {
        return type == jakarta.ws.rs.core.Response.class ? new ResponseCoder() : null;
    }
}
