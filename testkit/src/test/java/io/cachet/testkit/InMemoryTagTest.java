package io.cachet.testkit;

import io.cachet.memory.InMemoryBackend;
import io.cachet.spi.CacheBackend;

/** Tags on the in-memory store: both "nodes" share one store, as two applications in one JVM would. */
class InMemoryTagTest extends TagContract {
    private InMemoryBackend shared;

    @Override
    protected CacheBackend newBackend() {
        if (shared == null) {
            shared = InMemoryBackend.create();
        }
        return shared;
    }
}
