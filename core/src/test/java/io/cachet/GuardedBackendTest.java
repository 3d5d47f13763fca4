package io.cachet;

import io.cachet.testkit.ManualClock;
import io.cachet.memory.InMemoryBackend;
import io.cachet.spi.CacheBackend;
import io.cachet.spi.CacheBackendException;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link Cachet#backend()} is the store as Cachet reaches it, guarded like every other path:
 * bounded, counted, circuit-broken; the raw store is {@link Cachet#unwrap}'s.
 */
@EnableWeld
class GuardedBackendTest {
    final ManualClock clock = new ManualClock();
    final InMemoryBackend store = InMemoryBackend.builder().clock(clock).maxValueBytes(64).build();
    final FaultyBackend backend = new FaultyBackend(store);

    @WeldSetup
    WeldInitiator weld = Cdi.with(CacheSettings.builder().clock(clock)
            .backendTimeout(Duration.ofMillis(50))
            .circuitBreaker(3, Duration.ofSeconds(10))
            .build(), backend);

    @Inject
    Cachet cachet;

    @Test
    void backend_isGuarded_andUnwrapHandsOutTheRawStore() {
        assertNotSame(backend, cachet.backend());
        assertSame(backend, cachet.unwrap(FaultyBackend.class), "the raw store, by its class");
        assertSame(cachet.backend(), cachet.unwrap(CacheBackend.class), "the guarded store is a CacheBackend too");
        assertThrows(IllegalArgumentException.class, () -> cachet.unwrap(String.class));
    }

    @Test
    void aFailingCallThroughTheBackend_isAFailedStage_countedAndCircuitBroken() {
        backend.fault = FaultyBackend.Fault.FAIL;
        for (int i = 0; i < 3; i++) {
            CompletionException failed = assertThrows(CompletionException.class,
                    () -> cachet.backend().get("cachet:x:k").toCompletableFuture().join());
            assertInstanceOf(CacheBackendException.class, failed.getCause());
        }
        assertEquals(3, cachet.stats().backendFailures());
        int calls = backend.calls.get();
        assertThrows(CompletionException.class, () -> cachet.backend().put("cachet:x:k", new byte[1], null)
                .toCompletableFuture().join());
        assertEquals(calls, backend.calls.get(), "the open circuit does not call the store");
        assertEquals(1, cachet.stats().circuitRejections());
    }

    @Test
    void aHangingCall_endsAtTheTimeout() {
        backend.fault = FaultyBackend.Fault.HANG;
        CompletionException failed = assertThrows(CompletionException.class,
                () -> cachet.backend().get("cachet:x:k").toCompletableFuture().join());
        assertInstanceOf(CacheBackendException.class, failed.getCause());
        assertEquals(1, cachet.stats().backendFailures());
    }

    @Test
    void anOversizedPut_isRefused_andTheValueItReplacedIsRemoved() {
        cachet.backend().put("cachet:x:k", new byte[] {1}, null).toCompletableFuture().join();
        assertArrayEquals(new byte[] {1}, store.get("cachet:x:k").toCompletableFuture().join().value());
        assertThrows(CompletionException.class,
                () -> cachet.backend().put("cachet:x:k", new byte[65], null).toCompletableFuture().join());
        assertNull(store.get("cachet:x:k").toCompletableFuture().join(), "no stale value stays behind");
        assertEquals(1, cachet.stats().oversized());
        assertEquals(0, cachet.stats().backendFailures(), "too large is not a store failure");
    }
}
