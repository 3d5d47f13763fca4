package io.cachet;

import io.cachet.memory.InMemoryBackend;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.cachet.StampedeTest.FOLLOWERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stuck leader holds its key only up to the lock timeout: then one caller takes the flight over
 * and computes, and the other callers follow it instead of all computing at once.
 */
@EnableWeld
class LockTimeoutTest {
    final InMemoryBackend backend = InMemoryBackend.create();

    @WeldSetup
    WeldInitiator weld = Cdi.with(CacheSettings.builder().lockTimeout(Duration.ofMillis(200)).build(), backend,
            StampedeTest.Slow.class, Hanging.class);

    @Inject
    StampedeTest.Slow slow;
    @Inject
    Cachet cachet;

    @Test
    void lockTimeout_oneFollowerTakesOver_theOthersFollowIt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(FOLLOWERS + 1);
        try {
            Future<Item> leader = pool.submit(() -> slow.compute("t"));
            assertTrue(slow.entered().await(30, TimeUnit.SECONDS));
            List<Future<Item>> followers = new ArrayList<>();
            for (int i = 0; i < FOLLOWERS; i++) {
                followers.add(pool.submit(() -> slow.compute("t")));
            }
            // The leader is held until every follower has answered.
            for (Future<Item> follower : followers) {
                assertEquals(Item.sample("t"), follower.get(30, TimeUnit.SECONDS));
            }
            // How many followers timed out depends on when each joined (one joining after the lock
            // timeout takes the stale flight over at once); what never varies is the count of calls.
            assertEquals(2, slow.calls(), "the stuck leader and the one caller that took over");
            assertEquals(Item.sample("t"), slow.compute("t"));
            assertEquals(2, slow.calls(), "the taker stored its result while the leader was still stuck");
            slow.release().countDown();
            assertEquals(Item.sample("t"), leader.get(30, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Its first call returns a stage that never completes; later calls answer at once. */
    @jakarta.enterprise.context.ApplicationScoped
    static class Hanging {
        private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

        int calls() {
            return calls.get();
        }

        @Cached
        public java.util.concurrent.CompletionStage<String> value() {
            int call = calls.incrementAndGet();
            return call == 1 ? new java.util.concurrent.CompletableFuture<>()
                    : java.util.concurrent.CompletableFuture.completedFuture("value " + call);
        }
    }

    @Inject
    Hanging hanging;

    @Test
    void stageThatNeverCompletes_holdsItsKeyOnlyUntilTheLockTimeout() throws Exception {
        java.util.concurrent.CompletableFuture<String> stuck = hanging.value().toCompletableFuture();
        List<java.util.concurrent.CompletableFuture<String>> waiting = new ArrayList<>();
        for (int i = 0; i < FOLLOWERS; i++) {
            waiting.add(hanging.value().toCompletableFuture());
        }
        for (java.util.concurrent.CompletableFuture<String> follower : waiting) {
            assertEquals("value 2", follower.get(30, TimeUnit.SECONDS), "one took over; the others followed it");
        }
        assertEquals(2, hanging.calls());
        assertEquals("value 2", hanging.value().toCompletableFuture().get(30, TimeUnit.SECONDS), "and it was stored");
        assertEquals(2, hanging.calls());
        assertTrue(!stuck.isDone(), "the stuck caller still waits for its own stage");
    }
}
