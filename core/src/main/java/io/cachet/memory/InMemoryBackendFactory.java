package io.cachet.memory;

import io.cachet.spi.BackendFactory;
import io.cachet.spi.CacheBackend;
import io.cachet.spi.Properties;

import java.time.InstantSource;
import java.util.function.Function;

/** Configures the in-memory backend from {@code cachet.memory.*} properties. */
public final class InMemoryBackendFactory implements BackendFactory {
    @Override
    public String name() {
        return "memory";
    }

    @Override
    public CacheBackend create(Function<String, String> property, InstantSource clock) {
        InMemoryBackend.Builder builder = InMemoryBackend.builder();
        if (clock != InstantSource.system()) {
            builder.clock(clock);
        }
        Properties p = new Properties(property).under("cachet.memory.");
        p.positive("max-entries").ifPresent(builder::maxEntries);
        p.positive("max-bytes").ifPresent(builder::maxBytes);
        return builder.build();
    }
}
