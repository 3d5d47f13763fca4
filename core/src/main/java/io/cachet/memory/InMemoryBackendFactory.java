package io.cachet.memory;

import io.cachet.spi.BackendFactory;
import io.cachet.spi.CacheBackend;
import io.cachet.spi.Properties;

import java.time.InstantSource;
import java.util.function.Function;

/** Configures the in-memory backend from {@code cachet.memory.*} properties. */
public final class InMemoryBackendFactory implements BackendFactory {
    static final String MAX_ENTRIES = "cachet.memory.max-entries";
    static final String MAX_BYTES = "cachet.memory.max-bytes";

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
        Properties properties = new Properties(property);
        properties.ifSet(MAX_ENTRIES, v -> builder.maxEntries(Properties.positive(MAX_ENTRIES, v)));
        properties.ifSet(MAX_BYTES, v -> builder.maxBytes(Properties.positive(MAX_BYTES, v)));
        return builder.build();
    }
}
