package io.cachet.jcache;

import io.cachet.memory.InMemoryBackend;

import java.net.URI;
import java.util.Properties;

/** The atomic contract on one memory store shared by two managers, as {@code cachet:cdi} shares it with {@code @Cached}. */
class MemoryAtomicTest extends AtomicContract {
    private final InMemoryBackend store = InMemoryBackend.create();

    @Override
    URI uri() {
        return URI.create("cachet:atomic-memory");
    }

    @Override
    Properties properties() {
        Properties properties = new Properties();
        properties.put(CachetCacheManager.STORE, store);
        return properties;
    }
}
