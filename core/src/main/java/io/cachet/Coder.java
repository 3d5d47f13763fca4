package io.cachet;

import java.lang.reflect.Type;

/**
 * Turns a method's result into bytes and back, restoring the method's declared (generic) return
 * type. Implement it for a custom format; select it per method with {@link Cached#coder()} or
 * globally with {@link CacheSettings.Builder#coder(Coder)}.
 *
 * <p>Implementations must be thread-safe. A coder is created once: as a CDI bean if it is one,
 * else through its public no-argument constructor.
 */
public interface Coder {

    /**
     * Encodes {@code value} (possibly {@code null}) of the declared {@code type}.
     *
     * @throws CacheException if the value cannot be encoded; the call then goes uncached
     */
    byte[] encode(Object value, Type type);

    /**
     * Decodes {@code length} bytes starting at {@code offset} into an instance of {@code type}.
     *
     * @throws CacheException if the bytes are not a valid encoding of {@code type}; the entry
     *     is then treated as corrupt: a miss, and removed
     */
    Object decode(byte[] bytes, int offset, int length, Type type);

    /**
     * Whether this result may be cached at all; {@code false} returns it uncached (a JAX-RS
     * {@code Response} with an error status, for instance). Every value is cacheable by default.
     */
    default boolean isCacheable(Object value) {
        return true;
    }
}
