package io.cachet.testkit;

import io.cachet.CacheSettings;
import io.cachet.Cached;
import io.cachet.Cachet;
import io.cachet.spi.CacheBackend;
import io.cachet.spi.Capability;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code @Cached} end to end through CDI on a real store, the same scenarios for every store: a
 * miss then a hit, expiry by Cachet's clock, a namespace cleared, a value over the store's item
 * size, and the store's server stopped and started again. A store's test extends this, giving a
 * new client of its server and the means to stop and restart it.
 */
@CachetWeldTest
public abstract class CachedContractTest {
    /** Moves only when a test moves it: expiry and the circuit breaker's open period. */
    protected final ManualClock clock = new ManualClock();
    /** Unique per test, so that no test sees another's entries, whatever the store keeps. */
    private final String prefix = "t" + Long.toHexString(UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE);
    private final CacheBackend backend = newBackend(clock);

    @WeldSetup
    public WeldInitiator weld = CachetWeld.initiator(CacheSettings.builder().clock(clock).prefix(prefix)
            .backendTimeout(Duration.ofSeconds(2)).circuitBreaker(3, Duration.ofSeconds(5)).build(),
            backend, Catalog.class);

    @Inject
    protected Catalog catalog;
    @Inject
    protected Cachet cachet;

    /**
     * A new client of the store under test, closed after the test; {@code clock} is Cachet's. Called
     * while the test instance is built, before the subclass's own fields are: read static ones only
     * (the server a {@code TestServer} started).
     */
    protected abstract CacheBackend newBackend(ManualClock clock);

    /** Stops the store's server, or one of its nodes, as a crash would. */
    protected abstract void stopServer();

    /** Starts the stopped server again, on its address. */
    protected abstract void restartServer();

    /** A product: a record of the types applications cache. */
    public record Product(String name, LocalDate since, List<BigDecimal> prices) {
    }

    @ApplicationScoped
    public static class Catalog {
        private final AtomicInteger calls = new AtomicInteger();
        private final AtomicInteger version = new AtomicInteger();

        public int calls() {
            return calls.get();
        }

        /** The truth moves on: what is computed from now on differs from what was cached. */
        public void change() {
            version.incrementAndGet();
        }

        @Cached(namespace = "products", expire = 60)
        public Product product(String name) {
            calls.incrementAndGet();
            return new Product(name + " v" + version.get(), LocalDate.of(2026, 1, 1),
                    List.of(new BigDecimal("9.99"), BigDecimal.ONE));
        }

        @Cached(namespace = "blobs")
        public String blob(int size) {
            calls.incrementAndGet();
            return "b".repeat(size);
        }
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    @Test
    void missThenHit_answersWhatTheMissAnswered() {
        Product first = catalog.product("toy");
        assertEquals(first, catalog.product("toy"));
        assertEquals(1, catalog.calls());
        assertEquals(1, cachet.stats().hits());
        assertTrue(cachetKey("toy").startsWith(prefix + ":products:"), cachetKey("toy"));
    }

    @Test
    void expiry_followsCachetsClock_whatEverTheStoreStillHolds() {
        catalog.product("toy");
        clock.advance(Duration.ofSeconds(59));
        catalog.product("toy");
        assertEquals(1, catalog.calls(), "fresh for 60 s");
        clock.advance(Duration.ofSeconds(2));
        catalog.product("toy");
        assertEquals(2, catalog.calls(), "expired by Cachet's clock");
    }

    @Test
    void clear_removesTheNamespace_countingWhereTheStoreCan() {
        catalog.product("a");
        catalog.product("b");
        long removed = cachet.clear("products");
        assertEquals(cachet.backend().capabilities().contains(Capability.COUNTS_CLEARED) ? 2
                : CacheBackend.UNKNOWN_COUNT, removed);
        catalog.product("a");
        assertEquals(3, catalog.calls());
    }

    @Test
    void valueOverTheItemSize_isReturnedUncached_notAFailure() {
        long limit = cachet.backend().maxValueBytes();
        Assumptions.assumeTrue(limit < 8 * 1024 * 1024, "the store takes values of " + limit + " bytes");
        int size = (int) limit + 1_000;
        assertEquals(size, catalog.blob(size).length());
        assertEquals(size, catalog.blob(size).length());
        assertEquals(2, catalog.calls());
        assertEquals(2, cachet.stats().oversized());
        assertEquals(0, cachet.stats().backendFailures());
    }

    @Test
    void serverStopped_everyCallSucceeds_restarted_noValueFromBeforeAClear() {
        for (int i = 0; i < 40; i++) {
            catalog.product("p" + i);
        }
        catalog.change();
        stopServer();
        for (int i = 0; i < 40; i++) {
            assertTrue(catalog.product("p" + i).name().startsWith("p" + i + " v"), "fail-open while the store is down");
        }
        assertTrue(cachet.stats().backendFailures() + cachet.stats().circuitRejections() > 0, cachet.stats().toString());
        restartServer();
        Await.until("the restarted store takes a clear", Duration.ofSeconds(60), () -> {
            clock.advance(Duration.ofSeconds(6)); // past the circuit breaker's open period
            try {
                cachet.clear("products");
                return true;
            } catch (RuntimeException stillDown) {
                return false;
            }
        });
        for (int i = 0; i < 40; i++) {
            assertEquals("p" + i + " v1", catalog.product("p" + i).name(), "no value from before the clear");
        }
        long hits = cachet.stats().hits();
        Await.until("hits resume", Duration.ofSeconds(30), () -> {
            catalog.product("p0");
            return cachet.stats().hits() > hits;
        });
    }

    /** The key of {@link Catalog#product} for {@code name}, as the store holds it. */
    protected String cachetKey(String name) {
        try {
            return cachet.keyOf(Catalog.class.getMethod("product", String.class), name);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
