package io.cachet.testkit;

import io.cachet.memory.InMemoryBackend;
import io.cachet.spi.CacheBackend;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The contract, on the embedded in-memory backend, with a manual clock. */
class InMemoryBackendContractTest extends BackendContractTest {
    private final ManualClock clock = new ManualClock();
    private InMemoryBackend memory;

    @Override
    protected CacheBackend createBackend() {
        memory = InMemoryBackend.builder().clock(clock).build();
        return memory;
    }

    @Override
    protected void passTime(Duration ttl) {
        clock.advance(ttl);
    }

    @Test
    void expiredEntries_areReclaimedWithoutBeingRead() {
        join(backend.put(ns + "a", bytes("v"), Duration.ofSeconds(5)));
        join(backend.put(ns + "b", bytes("v"), Duration.ofSeconds(50)));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(1, memory.size());
    }

    @Test
    void boundedByEntries_evictsBeyondTheBound() {
        InMemoryBackend small = InMemoryBackend.builder().maxEntries(10).build();
        for (int i = 0; i < 100; i++) {
            join(small.put(ns + i, bytes("v"), null));
        }
        assertEquals(10, small.size());
        small.close();
    }

    @Test
    void boundedByBytes_evictsBeyondTheBound() {
        InMemoryBackend small = InMemoryBackend.builder().maxBytes(10_000).build();
        for (int i = 0; i < 100; i++) {
            join(small.put(ns + i, new byte[1_000], null));
        }
        small.cleanUp();
        assertEquals(true, small.size() <= 9, "at most 9 entries of ~1 KB fit in 10 KB, but " + small.size());
        assertEquals(10_000 - 64, small.maxValueBytes());
        small.close();
    }

    @Test
    void close_dropsEverything() {
        join(backend.put(ns + "a", bytes("v"), null));
        backend.close();
        assertNull(read(ns + "a"));
    }
}
