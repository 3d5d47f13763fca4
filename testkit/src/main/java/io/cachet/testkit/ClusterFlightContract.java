package io.cachet.testkit;

import io.cachet.CacheSettings;
import io.cachet.CacheStats;
import io.cachet.Cached;
import io.cachet.Cachet;
import io.cachet.coder.SerializationCoder;
import io.cachet.spi.CacheBackend;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cold key across two "nodes": two independent Weld containers in this JVM, each with its own
 * client of the one real store. With the cluster-wide flight one caller computes; without it, at
 * most one per node; a lease holder that dies holds the key at most the lease time. Each store's
 * module runs it with {@link #newBackend()} building a fresh client.
 */
public abstract class ClusterFlightContract {
    private static final int CALLERS = 200;

    /** A new client of the store under test (each node has its own). */
    protected abstract CacheBackend newBackend();

    /** The store's name in the {@code RELIABILITY} lines. */
    protected String storeName() {
        return getClass().getSimpleName();
    }

    private final Nodes nodes = new Nodes();
    private final ExecutorService callers = Executors.newFixedThreadPool(CALLERS);

    /** The slow method both nodes call; the counts are per key, across the nodes. */
    @ApplicationScoped
    public static class Report {
        static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
        static volatile CountDownLatch entered = new CountDownLatch(0);
        static volatile CountDownLatch release = new CountDownLatch(0);

        private static String compute(String node, String key) {
            CALLS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            CountDownLatch held = release; // read before entering: a test may swap it once this has entered
            entered.countDown();
            try {
                if (!held.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("not released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return key + " by " + node;
        }

        @Cached(expire = 300, flight = Cached.Flight.CLUSTER)
        public String clustered(String node, @io.cachet.CacheKey String key) {
            return compute(node, key);
        }

        @Cached(expire = 300, flight = Cached.Flight.JVM)
        public String perNode(String node, @io.cachet.CacheKey String key) {
            return compute(node, key);
        }

        @Cached(expire = 300, flight = Cached.Flight.CLUSTER)
        public java.util.concurrent.CompletionStage<String> clusteredLater(String node, @io.cachet.CacheKey String key) {
            return java.util.concurrent.CompletableFuture.supplyAsync(() -> compute(node, key));
        }
    }

    private WeldContainer node(String name, Duration leaseTime) {
        return node(name, leaseTime, newBackend());
    }

    private WeldContainer node(String name, Duration leaseTime, CacheBackend backend) {
        nodes.closeAfter(backend);
        CacheSettings settings = CacheSettings.builder().coder(new SerializationCoder()).backendTimeout(Duration.ofSeconds(2))
                .lockTimeout(Duration.ofSeconds(20)).leaseTime(leaseTime).build();
        return nodes.start(CachetWeld.weld(settings, backend, Report.class));
    }

    @AfterEach
    void stopNodes() {
        Report.release.countDown();
        callers.shutdownNow();
        nodes.close();
    }

    /** {@code CALLERS} calls, half on each node, released together; the answers. */
    private enum Flight { CLUSTER, JVM, CLUSTER_ASYNC }

    private List<String> race(WeldContainer a, WeldContainer b, Flight flight, String key) throws Exception {
        boolean clustered = flight != Flight.JVM;
        Report.entered = new CountDownLatch(1);
        Report.release = new CountDownLatch(1);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            WeldContainer node = i % 2 == 0 ? a : b;
            String name = i % 2 == 0 ? "a" : "b";
            Report report = node.select(Report.class).get();
            answers.add(callers.submit(() -> {
                start.await();
                return switch (flight) {
                    case CLUSTER -> report.clustered(name, key);
                    case JVM -> report.perNode(name, key);
                    case CLUSTER_ASYNC -> report.clusteredLater(name, key).toCompletableFuture().get(2, TimeUnit.MINUTES);
                };
            }));
        }
        long started = System.nanoTime();
        start.countDown();
        assertTrue(Report.entered.await(60, TimeUnit.SECONDS), "someone computes");
        Report.release.countDown();
        List<String> values = new ArrayList<>();
        for (Future<String> answer : answers) {
            values.add(answer.get(2, TimeUnit.MINUTES));
        }
        System.out.printf("RELIABILITY %s %d callers on two nodes, %s flight: computations=%d distinct values=%d"
                        + " all answered in %d ms%n", storeName(), CALLERS,
                flight == Flight.CLUSTER_ASYNC ? "cluster (CompletionStage)" : clustered ? "cluster" : "JVM",
                Report.CALLS.get(key).get(), new HashSet<>(values).size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return values;
    }

    @Test
    void clusterFlight_twoHundredCallersOnTwoNodes_oneComputation_everyoneGetsItsValue() throws Exception {
        assertOneComputation(Flight.CLUSTER);
    }

    @Test
    void clusterFlight_ofACompletionStageMethod_oneComputation() throws Exception {
        assertOneComputation(Flight.CLUSTER_ASYNC);
    }

    private void assertOneComputation(Flight flight) throws Exception {
        WeldContainer a = node("a", Duration.ofSeconds(20));
        WeldContainer b = node("b", Duration.ofSeconds(20));
        String key = "cold-" + flight + "-" + UUID.randomUUID();
        List<String> values = race(a, b, flight, key);
        assertEquals(1, Report.CALLS.get(key).get(), "the method ran once across both nodes");
        assertEquals(1, new HashSet<>(values).size(), "every caller got the one value: " + new HashSet<>(values));
    }

    @Test
    void jvmFlight_twoHundredCallersOnTwoNodes_atMostOneComputationPerNode() throws Exception {
        WeldContainer a = node("a", Duration.ofSeconds(20));
        WeldContainer b = node("b", Duration.ofSeconds(20));
        String key = "cold-" + UUID.randomUUID();
        List<String> values = race(a, b, Flight.JVM, key);
        int calls = Report.CALLS.get(key).get();
        assertTrue(calls >= 1 && calls <= 2, "at most once per node, but " + calls);
        Set<String> distinct = new HashSet<>(values);
        assertTrue(distinct.size() <= 2, "one value per node at most: " + distinct);
    }

    @Test
    void theWaitingNode_isWokenByTheHoldersRelease_wherePubSubCanDoIt() throws Exception {
        WeldContainer a = node("a", Duration.ofSeconds(20));
        CountingBackend counted = new CountingBackend(newBackend());
        WeldContainer b = node("b", Duration.ofSeconds(20), counted);
        String key = "woken-" + UUID.randomUUID();
        Report.entered = new CountDownLatch(1);
        Report.release = new CountDownLatch(1);
        Report onA = a.select(Report.class).get();
        Report onB = b.select(Report.class).get();
        Future<String> holder = callers.submit(() -> onA.clustered("a", key));
        assertTrue(Report.entered.await(60, TimeUnit.SECONDS), "node a holds the lease");
        int before = counted.reads.get();
        Future<String> waiter = callers.submit(() -> onB.clustered("b", key));
        Thread.sleep(1_000); // node a computes for a second while node b waits: what does b ask the store meanwhile?
        int readsWhileWaiting = counted.reads.get() - before;
        Report.release.countDown();
        assertEquals(key + " by a", waiter.get(60, TimeUnit.SECONDS), "node b answers with node a's value");
        assertEquals(key + " by a", holder.get(60, TimeUnit.SECONDS));
        assertEquals(1, Report.CALLS.get(key).get());
        boolean notifies = counted.capabilities().contains(io.cachet.spi.Capability.NOTIFY);
        System.out.printf("RELIABILITY %s a node waiting 1 s for another's computation read the store %d times (%s)%n",
                storeName(), readsWhileWaiting, notifies ? "woken by pub/sub" : "polling with backoff");
        if (notifies) {
            assertTrue(readsWhileWaiting <= 12, "woken, not polling: " + readsWhileWaiting + " reads in a second");
        }
    }

    @Test
    void aLeaseHolderStoppedMidComputation_holdsTheKeyAtMostTheLeaseTime() throws Exception {
        WeldContainer a = node("a", Duration.ofSeconds(1));
        WeldContainer b = node("b", Duration.ofSeconds(1));
        String key = "held-" + UUID.randomUUID();
        Report.entered = new CountDownLatch(1);
        Report.release = new CountDownLatch(1);
        Report onA = a.select(Report.class).get();
        Future<String> stuck = callers.submit(() -> onA.clustered("a", key));
        assertTrue(Report.entered.await(60, TimeUnit.SECONDS), "node a holds the lease and computes");
        a.shutdown(); // stopped mid-computation: its lease stays in the store until it runs out

        Report.entered = new CountDownLatch(1);
        Report.release = new CountDownLatch(0); // node b's computation runs straight through
        Report onB = b.select(Report.class).get();
        long asked = System.nanoTime();
        assertEquals(key + " by b", onB.clustered("b", key), "node b computes once a's lease ran out");
        System.out.printf("RELIABILITY %s lease holder stopped mid-computation: the other node computed after %d ms"
                + " (lease 1000 ms)%n", storeName(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked));
        CacheStats stats = b.select(Cachet.class).get().stats();
        assertEquals(0, stats.lockTimeouts(), "within the lock timeout: the lease ran out first (" + stats + ")");
        assertEquals(2, Report.CALLS.get(key).get());
        stuck.cancel(true);
    }
}
