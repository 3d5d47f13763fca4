package io.cachet.spi;

import java.util.function.Function;

/**
 * Creates a backend from configuration properties; found with {@link java.util.ServiceLoader}
 * and chosen by {@code cachet.backend=<name()>}.
 */
public interface BackendFactory {

    /** The name users select this backend by, such as {@code "redis"}. */
    String name();

    /**
     * Creates the backend. {@code property} returns the configured value of a full property
     * name (such as {@code "cachet.redis.address"}) or {@code null}. Throw
     * {@link IllegalArgumentException} naming the property and the bad value on bad input.
     */
    CacheBackend create(Function<String, String> property, java.time.InstantSource clock);
}
