package io.cachet.testkit;

import io.cachet.CacheSettings;
import io.cachet.Cached;
import io.cachet.Cachet;
import io.cachet.StoreState;
import io.cachet.coder.SerializationCoder;
import io.cachet.spi.CacheBackend;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The near cache across two "nodes" (two Weld containers, each with its own client of one real
 * store and its own near cache): a change on one node reaches the other's near cache over the
 * invalidation bus; a node whose bus connection is lost stops serving copies, and serves none of
 * the old ones after it is back. Each store's module runs it; {@link #newBackend(boolean)} with
 * {@code true} builds node B's client, which a subclass may route through a {@code FaultProxy}.
 */
public abstract class NearCacheContract {
    /** A new client of the store; {@code nodeB}: the client whose connection the test may cut. */
    protected abstract CacheBackend newBackend(boolean nodeB);

    /** Cuts node B's connections (its bus among them), until {@link #restoreNodeB()}. */
    protected abstract void cutNodeB();

    protected abstract void restoreNodeB();

    /** A node's properties ({@code cachet.near.bus} for a store without pub/sub: node B's may go through a proxy). */
    protected Map<String, String> properties(boolean nodeB) {
        return Map.of();
    }

    private final Nodes nodes = new Nodes();
    /** Node B's own client, as the application built it (not through Cachet). */
    private CacheBackend rawB;

    /** Prices by SKU: the version of each changes when the test says (static: both nodes see it). */
    @ApplicationScoped
    public static class Prices {
        static final Map<String, AtomicInteger> VERSIONS = new ConcurrentHashMap<>();
        static final AtomicInteger COMPUTED = new AtomicInteger();

        @Cached(expire = 300, namespace = "prices")
        public String price(String sku) {
            COMPUTED.incrementAndGet();
            return sku + " v" + VERSIONS.computeIfAbsent(sku, s -> new AtomicInteger()).get();
        }

        @Cached(expire = 300, namespace = "tagged", tags = "sku:{sku}")
        public String tagged(String sku) {
            return sku + " #" + COMPUTED.incrementAndGet();
        }
    }

    private WeldContainer node(String name, CacheBackend backend, boolean nodeB) {
        nodes.closeAfter(backend);
        CacheSettings settings = CacheSettings.builder().coder(new SerializationCoder()).backendTimeout(Duration.ofSeconds(2))
                .circuitBreaker(1_000, Duration.ofMillis(100)).nearCache(true).nearHeartbeat(Duration.ofMillis(50))
                .build();
        return nodes.start(CachetWeld.weld(properties(nodeB), settings, backend, Prices.class));
    }

    @AfterEach
    void stopNodes() {
        restoreNodeB();
        nodes.close();
    }

    private record Node(Prices prices, Cachet cachet) {
        StoreState.Near near() {
            StoreState.Near near = cachet.stores().get(0).near();
            assertNotNull(near, "the store has a near cache");
            return near;
        }
    }

    private Node start(String name, boolean nodeB) {
        CacheBackend client = newBackend(nodeB);
        if (nodeB) {
            rawB = client;
        }
        WeldContainer container = node(name, client, nodeB);
        Node node = new Node(container.select(Prices.class).get(), container.select(Cachet.class).get());
        Await.until(name + "'s near cache serves (it heard its own heartbeat)", Duration.ofSeconds(30),
                () -> node.near().serving());
        return node;
    }

    /**
     * Until a call is answered from node B's near cache. A copy is not installed when any
     * invalidation of its stripe of keys came in during the read (the other node's messages for
     * earlier keys), so the first read after a write is not always one.
     */
    private static void awaitNearHit(Node b, Runnable call) {
        Await.until("node B answers from its near cache", Duration.ofSeconds(30), () -> {
            long hits = b.near().hits();
            call.run();
            return b.near().hits() > hits;
        });
    }

    private static String bump(String sku) {
        return sku + " v" + Prices.VERSIONS.computeIfAbsent(sku, s -> new AtomicInteger()).incrementAndGet();
    }

    /** Node A stores a new value for the key (its entry evicted and computed again). */
    private static void changeOnA(Node a, String sku) throws NoSuchMethodException {
        bump(sku);
        a.cachet().evict(Prices.class, "price", sku);
        a.prices().price(sku);
    }

    @Test
    void aChangeOnOneNode_reachesTheOthersNearCache_withinTheMeasuredBound() throws Exception {
        Node a = start("a", false);
        Node b = start("b", false);
        int rounds = 200;
        long[] staleNanos = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            String sku = "sku-" + UUID.randomUUID();
            String copied = b.prices().price(sku);
            awaitNearHit(b, () -> b.prices().price(sku));
            changeOnA(a, sku);
            long changed = System.nanoTime();
            String expected = sku + " v" + Prices.VERSIONS.get(sku).get();
            long deadline = changed + Duration.ofSeconds(30).toNanos();
            String seen = copied;
            while (!seen.equals(expected)) {
                assertTrue(System.nanoTime() < deadline, "node B still serves " + seen + " 30 s after the change");
                seen = b.prices().price(sku);
            }
            staleNanos[i] = System.nanoTime() - changed;
        }
        Arrays.sort(staleNanos);
        System.out.printf("NEAR %s: a change on node A stopped being served by node B's near cache after p50 %.2f ms,"
                        + " p99 %.2f ms, max %.2f ms (%d changes)%n", getClass().getSimpleName(),
                staleNanos[rounds / 2] / 1e6, staleNanos[rounds * 99 / 100] / 1e6, staleNanos[rounds - 1] / 1e6, rounds);
    }

    @Test
    void aTagInvalidatedOnOneNode_isAMissOnTheOthersNearCache() {
        Node a = start("a", false);
        Node b = start("b", false);
        String sku = "tag-" + UUID.randomUUID();
        String before = b.prices().tagged(sku);
        awaitNearHit(b, () -> assertEquals(before, b.prices().tagged(sku)));
        a.cachet().invalidateTag("sku:" + sku);
        Await.until("node B computes the invalidated entry again", Duration.ofSeconds(30),
                () -> !b.prices().tagged(sku).equals(before));
    }

    @Test
    void aTagInvalidation_isReadBackFromTheStore_notFromTheNearCopyOfItsOwnWrite() {
        Node a = start("a", false);
        Node b = start("b", true);
        String sku = "reset-" + UUID.randomUUID();
        a.prices().tagged(sku); // node A has read the tag's version (Memcached: it knows the namespace's)
        try {
            rawB.clear("cachet:cachet-tag:").toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        String before = b.prices().tagged(sku);
        a.cachet().invalidateTag("sku:" + sku);
        Await.until("node B no longer serves the entry of the invalidated tag", Duration.ofSeconds(30),
                () -> !b.prices().tagged(sku).equals(before));
    }

    @Test
    void aNodeThatGoesQuiet_makesTheOthersDropTheirCopies() {
        Node a = start("a", false);
        Node b = start("b", false);
        Await.until("node B has heard node A", Duration.ofSeconds(30), () -> b.near().peers() == 1);
        String sku = "quiet-" + UUID.randomUUID();
        b.prices().price(sku);
        b.prices().price(sku);
        long repairs = b.near().repairs();
        nodes.get(0).shutdown(); // node A stops: whatever it changed last may not have been heard
        Await.until("node B drops its copies once node A has been silent for three heartbeats",
                Duration.ofSeconds(30), () -> b.near().repairs() > repairs && b.near().peers() == 0);
        assertEquals(0, b.near().size());
    }

    @Test
    void aClearOnOneNode_makesTheOtherMiss() {
        Node a = start("a", false);
        Node b = start("b", false);
        String sku = "clear-" + UUID.randomUUID();
        b.prices().price(sku);
        b.prices().price(sku);
        int computed = Prices.COMPUTED.get();
        a.cachet().clear("prices");
        Await.until("node B computes the cleared entry again", Duration.ofSeconds(30), () -> {
            b.prices().price(sku);
            return Prices.COMPUTED.get() > computed;
        });
    }

    @Test
    void aNodeThatLostItsBus_servesNoOldCopy_afterTheRepair() throws Exception {
        Node a = start("a", false);
        Node b = start("b", true);
        String sku = "cut-" + UUID.randomUUID();
        b.prices().price(sku);
        String old = b.prices().price(sku);
        long repairs = b.near().repairs();
        cutNodeB();
        Await.until("node B notices it no longer hears its heartbeat", Duration.ofSeconds(30),
                () -> !b.near().serving());
        assertTrue(b.near().repairs() > repairs, "and drops its copies");
        changeOnA(a, sku); // node B cannot hear this invalidation
        String expected = sku + " v" + Prices.VERSIONS.get(sku).get();
        restoreNodeB();
        Await.until("node B hears its heartbeat again", Duration.ofSeconds(60), () -> b.near().serving());
        assertEquals(expected, b.prices().price(sku), "after the repair, not " + old);
        assertEquals(expected, b.prices().price(sku));
    }
}
