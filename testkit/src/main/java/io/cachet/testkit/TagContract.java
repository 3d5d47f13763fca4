package io.cachet.testkit;

import io.cachet.CacheSettings;
import io.cachet.Cached;
import io.cachet.Cachet;
import io.cachet.coder.SerializationCoder;
import io.cachet.spi.CacheBackend;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tag invalidation on a real store, across two "nodes" (two Weld containers, each with its own
 * client): {@code Cachet.invalidateTag} on one node makes every entry carrying the tag a miss on
 * the other, in every namespace, with one store write; a tagged hit reads the entry and its tags'
 * versions in one store call; an entry computed while its tag was invalidated never survives it.
 * Each store's module runs it with {@link #newBackend()} building a fresh client.
 */
public abstract class TagContract {
    /** A new client of the store under test (each node has its own). */
    protected abstract CacheBackend newBackend();

    private final Nodes nodes = new Nodes();
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private CountingBackend countedA;
    /** Node B's own client, as the application built it. */
    private CacheBackend rawB;
    private Catalog a;
    private Catalog b;
    private Cachet cachetA;
    private Cachet cachetB;
    /** Unique per test, so runs never see each other's entries or tags. */
    private long id;

    /** Tagged methods in two namespaces; a computation may be held (static: both nodes see it). */
    @ApplicationScoped
    public static class Catalog {
        static final AtomicInteger COMPUTED = new AtomicInteger();
        static volatile CountDownLatch entered = new CountDownLatch(0);
        static volatile CountDownLatch release = new CountDownLatch(0);

        @Cached(expire = 300, tags = {"product:{id}", "catalog"})
        public String product(long id) {
            return "product " + id + " #" + COMPUTED.incrementAndGet();
        }

        @Cached(expire = 300, namespace = "prices", tags = "product:{0}")
        public String price(long id) {
            return "price " + id + " #" + COMPUTED.incrementAndGet();
        }

        @Cached(expire = 300, namespace = "held", tags = "product:{id}")
        public String held(long id) {
            String value = "held " + id + " #" + COMPUTED.incrementAndGet();
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
            return value;
        }
    }

    private WeldContainer node(String name, CacheBackend backend) {
        CacheSettings settings = CacheSettings.builder().coder(new SerializationCoder()).backendTimeout(Duration.ofSeconds(2))
                .build();
        return nodes.start(CachetWeld.weld(settings, backend, Catalog.class));
    }

    @BeforeEach
    void startNodes() {
        CacheBackend first = newBackend();
        CacheBackend second = newBackend();
        nodes.closeAfter(first);
        nodes.closeAfter(second);
        countedA = new CountingBackend(first);
        rawB = second;
        WeldContainer nodeA = node("a", countedA);
        WeldContainer nodeB = node("b", second);
        a = nodeA.select(Catalog.class).get();
        b = nodeB.select(Catalog.class).get();
        cachetA = nodeA.select(Cachet.class).get();
        cachetB = nodeB.select(Cachet.class).get();
        id = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
    }

    @AfterEach
    void stopNodes() {
        Catalog.release.countDown();
        callers.shutdownNow();
        nodes.close();
    }

    @Test
    void invalidatingATagOnOneNode_makesItsEntriesAMissOnTheOther_inEveryNamespace() {
        long other = id + 1;
        String product = b.product(id);
        String price = b.price(id);
        String otherProduct = b.product(other);
        assertEquals(product, a.product(id), "node A reads node B's entry");
        assertEquals(product, b.product(id));

        int writes = countedA.writes.get();
        cachetA.invalidateTag("product:" + id);
        assertEquals(1, countedA.writes.get() - writes, "one store write invalidates the tag");

        assertNotEquals(product, b.product(id), "node B no longer serves the invalidated entry");
        assertNotEquals(price, b.price(id), "nor the one in another namespace");
        assertEquals(otherProduct, b.product(other), "an entry without the tag is still served");
        String fresh = b.product(id);
        assertEquals(fresh, a.product(id), "the recomputed entry is cached again, for both nodes");

        cachetA.invalidateTag("catalog");
        assertNotEquals(otherProduct, b.product(other), "the shared tag reaches every product");
        String newPrice = b.price(id);
        assertEquals(newPrice, b.price(id), "prices do not carry the catalog tag");
    }

    @Test
    void aTaggedHit_readsTheEntryAndItsTagsInOneStoreCall() {
        String product = a.product(id);
        int reads = countedA.reads.get();
        assertEquals(product, a.product(id));
        assertEquals(1, countedA.reads.get() - reads, "entry and both tag versions in one read");
    }

    @Test
    void anEntryComputedWhileItsTagIsInvalidated_neverSurvivesTheInvalidation() throws Exception {
        Catalog.entered = new CountDownLatch(1);
        Catalog.release = new CountDownLatch(1);
        Future<String> during = callers.submit(() -> b.held(id));
        assertTrue(Catalog.entered.await(30, TimeUnit.SECONDS), "node B computes");
        cachetA.invalidateTag("product:" + id); // while B's computation, which read the tag before, runs
        Catalog.release.countDown();
        String computedBefore = during.get(30, TimeUnit.SECONDS);
        Catalog.entered = new CountDownLatch(0);
        String after = a.held(id);
        assertNotEquals(computedBefore, after, "what was computed before the invalidation is not served after it");
        assertEquals(after, b.held(id), "the entry computed after it is");
    }

    @Test
    void aFollowerThatReadTheNewVersion_doesNotShareTheComputationStartedBefore() throws Exception {
        Catalog.entered = new CountDownLatch(1);
        Catalog.release = new CountDownLatch(1);
        Future<String> leader = callers.submit(() -> b.held(id));
        assertTrue(Catalog.entered.await(30, TimeUnit.SECONDS), "node B's leader computes");
        cachetA.invalidateTag("product:" + id);
        Catalog.entered = new CountDownLatch(1);
        long waiting = cachetB.stats("held").coalesced();
        Future<String> follower = callers.submit(() -> b.held(id)); // same JVM, same key: it follows the leader
        Await.until("the follower waits for node B's leader", Duration.ofSeconds(30),
                () -> cachetB.stats("held").coalesced() > waiting);
        Catalog.release.countDown();
        String computedBefore = leader.get(30, TimeUnit.SECONDS);
        assertNotEquals(computedBefore, follower.get(30, TimeUnit.SECONDS),
                "what the leader computed before the invalidation is not the follower's answer");
        assertEquals(0, cachetB.stats("held").lockTimeouts(), "the follower did not wait out the lock");
    }

    @Test
    void anInvalidationAfterAnotherClientResetTheTagVersions_stillReachesTheOtherNode() {
        String before = a.product(id); // node A has read the tag versions (Memcached: it knows their namespace)
        join(rawB.clear("cachet:cachet-tag:")); // another client resets every tag's version
        String product = b.product(id);
        assertNotEquals(before, product, "an entry whose tag version is gone is a miss");
        assertEquals(product, b.product(id));
        cachetA.invalidateTag("product:" + id);
        assertNotEquals(product, b.product(id), "node A's invalidation is where node B reads it");
    }

    private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aTagWithArgumentsOfAnyText_isInvalidatedAsRendered() {
        String product = b.product(id);
        cachetA.invalidateTag("product:" + (id + 1));
        assertEquals(product, b.product(id), "another product's tag leaves it alone");
        cachetA.invalidateTag("product:" + id);
        assertNotEquals(product, b.product(id));
    }
}
