package io.cachet.redis;

import io.cachet.spi.BackendFactory;
import io.cachet.spi.CacheBackend;

import java.time.InstantSource;
import java.util.function.Function;

/** {@code cachet.backend=redis}: a Redis backend configured from {@code cachet.redis.*}. */
public final class RedisBackendFactory implements BackendFactory {
    @Override
    public String name() {
        return "redis";
    }

    @Override
    public CacheBackend create(Function<String, String> property, InstantSource clock) {
        return RedisBackend.create(RedisSettings.fromProperties(property));
    }
}
