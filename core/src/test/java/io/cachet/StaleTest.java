package io.cachet;

import io.cachet.testkit.ManualClock;
import io.cachet.memory.InMemoryBackend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Serving stale (RFC 5861 for methods): inside {@code staleWhileRevalidate} an expired entry answers
 * at once while one background call refreshes it; inside {@code staleIfError} it answers for a
 * failing method. Time is a manual clock; the refresh is held by a latch.
 */
@EnableWeld
class StaleTest {
    static final ManualClock CLOCK = new ManualClock();

    @WeldSetup
    WeldInitiator weld = Cdi.with(CacheSettings.builder().clock(CLOCK).refreshThreads(1)
            .staleOnError(error -> !(error instanceof IllegalArgumentException)).build(),
            InMemoryBackend.builder().clock(CLOCK).build(), Service.class);

    @Inject
    Service service;
    @Inject
    Cachet cachet;

    @ApplicationScoped
    static class Service {
        // static: a client proxy's own fields are not the bean's
        static final AtomicInteger calls = new AtomicInteger();
        static volatile CountDownLatch entered = new CountDownLatch(0);
        static volatile CountDownLatch release = new CountDownLatch(0);
        static volatile RuntimeException failure;

        private int next() {
            entered.countDown();
            try {
                assertTrue(release.await(30, TimeUnit.SECONDS), "the test releases the call");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw failure;
            }
            return calls.incrementAndGet();
        }

        @Cached(expire = 60, staleWhileRevalidate = 600)
        public int revalidated(String key) {
            return next();
        }

        /** The user's name as the principal resolves it now (a container's principal is such a proxy). */
        @Cached(expire = 60, staleWhileRevalidate = 600)
        public String greeting(java.security.Principal user) {
            GREETED.add(user.getName());
            return "hello " + user.getName();
        }

        @Cached(expire = 60, staleIfError = 3600)
        public int fallible() {
            return next();
        }

        @Cached(expire = 60, staleIfError = 3600)
        public CompletionStage<Integer> fallibleLater() {
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            return CompletableFuture.completedFuture(calls.incrementAndGet());
        }
    }

    /** Whoever calls on this thread; on any other thread (a refresh pool) nobody. */
    static final ThreadLocal<String> CALLER = new ThreadLocal<>();
    static final java.util.Queue<String> GREETED = new java.util.concurrent.ConcurrentLinkedQueue<>();
    static final java.security.Principal RESOLVED_AT_CALL_TIME =
            () -> CALLER.get() == null ? "anonymous" : CALLER.get();

    @Test
    void perUserEntry_inItsRevalidateWindow_isRefreshedByItsCaller_neverAsNobody() {
        CALLER.set("alice");
        try {
            assertEquals("hello alice", service.greeting(RESOLVED_AT_CALL_TIME));
            CLOCK.advance(Duration.ofSeconds(61));
            assertEquals("hello alice", service.greeting(RESOLVED_AT_CALL_TIME));
            assertEquals(List.of("alice", "alice"), List.copyOf(GREETED),
                    "refreshed in alice's own call, not on a pool thread where the principal names nobody");
            assertEquals("hello alice", service.greeting(RESOLVED_AT_CALL_TIME), "her entry holds her answer");
            assertEquals(2, GREETED.size(), "a hit");
        } finally {
            CALLER.remove();
        }
    }

    @org.junit.jupiter.api.BeforeEach
    void reset() {
        Service.calls.set(0);
        Service.failure = null;
    }

    @AfterEach
    void releaseEverything() {
        Service.release.countDown();
    }

    /** Holds the next call of the method until {@link Service#release} counts down. */
    private void holdNextCall() {
        Service.entered = new CountDownLatch(1);
        Service.release = new CountDownLatch(1);
    }

    @Test
    void insideStaleWhileRevalidate_theOldValueAnswersAtOnce_andOneBackgroundCallRefreshesIt() throws Exception {
        assertEquals(1, service.revalidated("a"));
        CLOCK.advance(Duration.ofSeconds(61));
        holdNextCall();
        assertEquals(1, service.revalidated("a"), "stale, at once");
        assertTrue(Service.entered.await(30, TimeUnit.SECONDS), "a refresh started");
        assertEquals(1, service.revalidated("a"), "still stale while the refresh runs");
        assertEquals(1, cachet.stats().refreshes(), "one refresh per key");
        assertEquals(2, cachet.stats().staleHits());
        Service.release.countDown();
        awaitTrue("the refresh is stored", () -> service.revalidated("a") == 2);
        assertEquals(2, Service.calls.get(), "the method ran once more, in the background");
        assertEquals(1, cachet.stats().refreshes());
    }

    /** Polls {@code condition} until it holds (the background refresh's store lands on its own thread), 30 s at most. */
    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void pastTheRevalidateWindow_itIsAMiss() {
        assertEquals(1, service.revalidated("b"));
        CLOCK.advance(Duration.ofSeconds(60 + 600 + 1));
        assertEquals(2, service.revalidated("b"), "computed by the caller");
        assertEquals(0, cachet.stats().staleHits());
    }

    @Test
    void everyRefreshThreadBusy_theStaleValueAnswers_andNoRefreshIsQueued() throws Exception {
        assertEquals(1, service.revalidated("c"));
        assertEquals(2, service.revalidated("d"));
        CLOCK.advance(Duration.ofSeconds(61));
        holdNextCall();
        assertEquals(1, service.revalidated("c"));
        assertTrue(Service.entered.await(30, TimeUnit.SECONDS), "c's refresh holds the only thread");
        assertEquals(2, service.revalidated("d"), "stale, and no refresh is queued for it");
        assertEquals(1, cachet.stats().refreshesSkipped());
        assertEquals(1, cachet.stats().refreshes());
    }

    @Test
    void insideStaleIfError_aFailingMethodIsAnsweredWithTheStaleValue_counted() {
        assertEquals(1, service.fallible());
        CLOCK.advance(Duration.ofSeconds(61));
        Service.failure = new IllegalStateException("the database is down");
        assertEquals(1, service.fallible(), "the stale value answers for the failure");
        assertEquals(1, cachet.stats().staleOnError());
        Service.failure = null;
        assertEquals(2, service.fallible(), "a method that works again is called and stored");
        assertEquals(2, service.fallible(), "fresh again");
    }

    @Test
    void staleIfError_aFailureThatDoesNotCount_orPastTheWindow_propagates() {
        assertEquals(1, service.fallible());
        CLOCK.advance(Duration.ofSeconds(61));
        Service.failure = new IllegalArgumentException("the caller's mistake");
        assertThrows(IllegalArgumentException.class, service::fallible, "not a failure stale answers for");
        Service.failure = new IllegalStateException("down");
        CLOCK.advance(Duration.ofSeconds(3600));
        assertThrows(IllegalStateException.class, service::fallible, "past the window");
        assertEquals(0, cachet.stats().staleOnError());
    }

    @Test
    void staleIfError_aFailedStage_isAnsweredWithTheStaleValue() throws Exception {
        assertEquals(1, service.fallibleLater().toCompletableFuture().get(30, TimeUnit.SECONDS));
        CLOCK.advance(Duration.ofSeconds(61));
        Service.failure = new IllegalStateException("down");
        assertEquals(1, service.fallibleLater().toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertEquals(1, cachet.stats().staleOnError());
    }
}
