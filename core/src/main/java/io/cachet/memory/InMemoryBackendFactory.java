package io.cachet.memory;

import io.cachet.spi.BackendFactory;
import io.cachet.spi.CacheBackend;

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
        String maxEntries = property.apply(MAX_ENTRIES);
        if (maxEntries != null) {
            builder.maxEntries(positiveLong(MAX_ENTRIES, maxEntries));
        }
        String maxBytes = property.apply(MAX_BYTES);
        if (maxBytes != null) {
            builder.maxBytes(positiveLong(MAX_BYTES, maxBytes));
        }
        return builder.build();
    }

    private static long positiveLong(String name, String value) {
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the property's name
        }
        throw new IllegalArgumentException(name + " must be a positive whole number, but was '" + value + "'");
    }
}
