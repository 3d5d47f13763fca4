package io.cachet.spi;

import io.cachet.Coder;

import java.lang.reflect.Type;

/**
 * Supplies the coder for value types that the global coder cannot handle (such as JAX-RS's
 * {@code Response}); found with {@link java.util.ServiceLoader}, consulted for methods that do not
 * name a coder.
 */
public interface CoderFactory {

    /** The coder for values of {@code type}, or {@code null} to leave it to {@code globalCoder}. */
    Coder coderFor(Type type, Coder globalCoder);
}
