package io.cachet;

import io.cachet.memory.InMemoryBackend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Concurrent misses on one key run the method once; the others wait ({@link LockTimeoutTest}: for how long). */
@EnableWeld
class StampedeTest {
    static final int FOLLOWERS = 8;
    final InMemoryBackend backend = InMemoryBackend.create();

    @WeldSetup
    // Far longer than any wait here: a follower must never give up while the others are joining.
    WeldInitiator weld = Cdi.with(CacheSettings.builder().lockTimeout(Duration.ofSeconds(30)).build(), backend,
            Slow.class);

    @Inject
    Slow slow;
    @Inject
    Cachet cachet;

    @ApplicationScoped
    static class Slow {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final AtomicInteger calls = new AtomicInteger();

        int calls() {
            return calls.get();
        }

        CountDownLatch entered() {
            return entered;
        }

        CountDownLatch release() {
            return release;
        }

        /** The first call blocks until released; later ones return at once. */
        @Cached
        public Item compute(String name) throws InterruptedException {
            if (calls.incrementAndGet() == 1) {
                entered.countDown();
                assertTrue(release.await(30, TimeUnit.SECONDS));
            }
            return Item.sample(name);
        }
    }

    @Test
    void concurrentMisses_runTheMethodOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(FOLLOWERS + 1);
        try {
            Future<Item> leader = pool.submit(() -> slow.compute("k"));
            assertTrue(slow.entered().await(30, TimeUnit.SECONDS));
            List<Future<Item>> followers = new ArrayList<>();
            for (int i = 0; i < FOLLOWERS; i++) {
                followers.add(pool.submit(() -> slow.compute("k")));
            }
            awaitCondition(() -> cachet.stats().coalesced() == FOLLOWERS);
            slow.release().countDown();
            assertEquals(Item.sample("k"), leader.get(30, TimeUnit.SECONDS));
            for (Future<Item> follower : followers) {
                assertEquals(Item.sample("k"), follower.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, slow.calls());
            assertEquals(0, cachet.stats().lockTimeouts());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits for a state the other threads reach, with a generous deadline; never a timed guess. */
    static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 30 s");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
