package io.cachet.memcached;

import io.cachet.spi.BackendFactory;
import io.cachet.spi.CacheBackend;

import java.time.InstantSource;
import java.util.function.Function;

/** {@code cachet.backend=memcached}: configured from {@code cachet.memcached.*}. */
public final class MemcachedBackendFactory implements BackendFactory {
    @Override
    public String name() {
        return "memcached";
    }

    @Override
    public CacheBackend create(Function<String, String> property, InstantSource clock) {
        return MemcachedBackend.create(MemcachedSettings.fromProperties(property));
    }
}
