package io.cachet;

import io.cachet.memory.InMemoryBackend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Methods returning CompletionStage: the value is cached, never the stage; failures never. */
@EnableWeld
class AsyncCachedTest {
    final InMemoryBackend backend = InMemoryBackend.create();

    @WeldSetup
    WeldInitiator weld = Cdi.with(CacheSettings.defaults(), backend, Async.class);

    @Inject
    Async async;
    @Inject
    Cachet cachet;

    @ApplicationScoped
    static class Async {
        private final AtomicInteger calls = new AtomicInteger();
        private final AtomicReference<CompletableFuture<List<Item>>> pending = new AtomicReference<>();

        int calls() {
            return calls.get();
        }

        CompletableFuture<List<Item>> pending() {
            return pending.get();
        }

        @Cached
        public CompletionStage<Item> item(String name) {
            calls.incrementAndGet();
            return CompletableFuture.supplyAsync(() -> Item.sample(name));
        }

        @Cached
        public CompletableFuture<List<Item>> controlled(String name) {
            calls.incrementAndGet();
            CompletableFuture<List<Item>> future = new CompletableFuture<>();
            pending.set(future);
            return future;
        }

        @Cached
        public CompletionStage<String> failing(String why) {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException(why));
        }

        @Cached
        public CompletionStage<String> throwing() {
            calls.incrementAndGet();
            throw new IllegalArgumentException("synchronous");
        }
    }

    @Test
    void value_isCached_notTheStage() {
        Item first = async.item("a").toCompletableFuture().join();
        CompletionStage<Item> second = async.item("a");
        assertTrue(second.toCompletableFuture().isDone(), "a hit completes at once");
        assertEquals(first, second.toCompletableFuture().join());
        assertEquals(1, async.calls());
    }

    @Test
    void failedStage_isNotCached() {
        CompletionException failure = assertThrows(CompletionException.class,
                () -> async.failing("no").toCompletableFuture().join());
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertThrows(CompletionException.class, () -> async.failing("no").toCompletableFuture().join());
        assertEquals(2, async.calls());
    }

    @Test
    void synchronousThrow_propagatesUnchanged() {
        assertThrows(IllegalArgumentException.class, () -> async.throwing());
        assertThrows(IllegalArgumentException.class, () -> async.throwing());
        assertEquals(2, async.calls());
    }

    @Test
    void concurrentCall_followsTheLeader_andGetsItsOwnCopy() {
        CompletableFuture<List<Item>> leader = async.controlled("x");
        CompletableFuture<List<Item>> follower = async.controlled("x");
        assertEquals(1, async.calls());
        assertFalse(follower.isDone());
        async.pending().complete(List.of(Item.sample("x")));
        assertEquals(List.of(Item.sample("x")), leader.join());
        assertEquals(List.of(Item.sample("x")), follower.join());
        assertEquals(1, cachet.stats().coalesced());
        assertEquals(List.of(Item.sample("x")), async.controlled("x").join());
        assertEquals(1, async.calls());
    }

    @Test
    void leaderFailure_isNotSharedAsAResult_followerRunsItself() throws InterruptedException {
        CompletableFuture<List<Item>> leader = async.controlled("f");
        CompletableFuture<List<Item>> leaderFuture = async.pending();
        CompletableFuture<List<Item>> follower = async.controlled("f");
        assertEquals(1, async.calls());
        leaderFuture.completeExceptionally(new IllegalStateException("leader failed"));
        assertThrows(CompletionException.class, leader::join);
        // The follower runs the method itself on a pool thread (not on the leader's): wait for it.
        StampedeTest.awaitCondition(() -> async.calls() == 2);
        assertFalse(follower.isDone(), "the follower waits for its own call, not the leader's failure");
        assertFalse(async.pending() == leaderFuture);
        async.pending().complete(List.of(Item.sample("ok")));
        assertEquals(List.of(Item.sample("ok")), follower.join());
    }
}
