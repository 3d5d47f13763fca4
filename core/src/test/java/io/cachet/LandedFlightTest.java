package io.cachet;

import io.cachet.memory.InMemoryBackend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A miss read just before another caller's computation landed does not compute again: the new
 * leader sees that a flight landed on its key since its read and reads the store once more.
 */
@EnableWeld
class LandedFlightTest {
    final FaultyBackend backend = new FaultyBackend(InMemoryBackend.create());

    @WeldSetup
    WeldInitiator weld = Cdi.with(CacheSettings.builder().backendTimeout(Duration.ofSeconds(30)).build(), backend,
            Counting.class);

    @Inject
    Counting counting;

    @ApplicationScoped
    static class Counting {
        private final AtomicInteger calls = new AtomicInteger();

        int calls() {
            return calls.get();
        }

        @Cached
        public Item compute(String name) {
            calls.incrementAndGet();
            return Item.sample(name);
        }

        @Cached
        public CompletionStage<Item> computeAsync(String name) {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(Item.sample(name));
        }
    }

    @Test
    void aMissThatArrivesAfterAnotherCallStored_isServedFromTheStore_notComputedAgain() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Void> release = backend.holdNextGet();
            Future<Item> late = pool.submit(() -> counting.compute("k"));
            assertTrue(backend.heldGetIssued.await(30, TimeUnit.SECONDS));
            assertEquals(Item.sample("k"), counting.compute("k")); // computes, stores and lands meanwhile
            release.complete(null); // the late read now answers its (old) miss
            assertEquals(Item.sample("k"), late.get(30, TimeUnit.SECONDS));
            assertEquals(1, counting.calls());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSame_forACompletionStageMethod() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Void> release = backend.holdNextGet();
            Future<Item> late = pool.submit(() -> counting.computeAsync("a").toCompletableFuture().get());
            assertTrue(backend.heldGetIssued.await(30, TimeUnit.SECONDS));
            assertEquals(Item.sample("a"), counting.computeAsync("a").toCompletableFuture().get(30, TimeUnit.SECONDS));
            release.complete(null);
            assertEquals(Item.sample("a"), late.get(30, TimeUnit.SECONDS));
            assertEquals(1, counting.calls());
        } finally {
            pool.shutdownNow();
        }
    }
}
