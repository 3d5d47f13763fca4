package io.cachet.testkit;

import io.cachet.spi.BackendEntry;
import io.cachet.spi.CacheBackend;
import io.cachet.spi.Capability;
import io.cachet.spi.KeyPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract every {@link CacheBackend} keeps, run by each backend's test against a real store.
 * A subclass creates the backend and says how time passes for it: a manual clock for the
 * in-memory store, real waiting (for a condition, never a fixed sleep) for servers.
 */
public abstract class BackendContractTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    protected CacheBackend backend;
    /**
     * A key prefix unique to each test ({@code t1a2b3c4d:}), so tests never see each other's keys.
     * Keys are {@code ns + namespace + ":" + id}, the {@code {prefix}:{namespace}:{id}} form every
     * backend receives.
     */
    protected String ns;

    /** Creates a backend on a clean (or uniquely namespaced) store. */
    protected abstract CacheBackend createBackend();

    /**
     * Makes entries written with {@code ttl} expire: advance a manual clock, or for a real
     * server, nothing (the contract then waits for the server to expire them).
     */
    protected abstract void passTime(Duration ttl);

    /** A TTL short enough to wait for on a real server. */
    protected Duration shortTtl() {
        return Duration.ofMillis(300);
    }

    @BeforeEach
    void openBackend() {
        backend = createBackend();
        ns = "t" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    @AfterEach
    void closeBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    protected static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("backend call failed: " + e, e);
        }
    }

    /** A key in this test's "main" namespace. */
    protected String key(String id) {
        return ns + "main:" + id;
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected byte[] read(String key) {
        BackendEntry entry = join(backend.get(key));
        return entry == null ? null : entry.value();
    }

    private void awaitAbsent(String key) {
        Await.until(key + " expires", WAIT, () -> read(key) == null);
    }

    @Test
    void get_absentKey_isNull() {
        assertNull(join(backend.get(key("absent"))));
    }

    @Test
    void put_thenGet_returnsTheExactBytes() {
        byte[] every = new byte[256];
        for (int i = 0; i < every.length; i++) {
            every[i] = (byte) i;
        }
        join(backend.put(key("binary"), every, null));
        assertArrayEquals(every, read(key("binary")));
    }

    @Test
    void getAll_returnsEachKeysEntryInOrder_acrossNamespaces() {
        String tag = ns + "cachet-tag:product:42";
        join(backend.put(key("a"), bytes("A"), null));
        join(backend.put(tag, bytes("T"), null));
        List<BackendEntry> found = join(backend.getAll(List.of(key("a"), key("absent"), tag, key("a"))));
        assertEquals(4, found.size());
        assertArrayEquals(bytes("A"), found.get(0).value());
        assertNull(found.get(1));
        assertArrayEquals(bytes("T"), found.get(2).value());
        assertArrayEquals(bytes("A"), found.get(3).value());
        BackendEntry single = join(backend.getAll(List.of(key("a")))).get(0);
        assertTrue(join(backend.replace(key("a"), single, bytes("B"), null)), "an entry getAll read is one replace takes");
    }

    @Test
    void put_emptyValue_roundTrips() {
        join(backend.put(key("empty"), new byte[0], Duration.ofMinutes(1)));
        assertArrayEquals(new byte[0], read(key("empty")));
    }

    @Test
    void put_overwrites() {
        join(backend.put(key("k"), bytes("one"), Duration.ofMinutes(1)));
        join(backend.put(key("k"), bytes("two"), Duration.ofMinutes(1)));
        assertArrayEquals(bytes("two"), read(key("k")));
    }

    @Test
    void put_withTtl_expires_withoutTtl_persists() {
        Duration ttl = shortTtl();
        join(backend.put(key("short"), bytes("v"), ttl));
        join(backend.put(key("forever"), bytes("v"), null));
        join(backend.put(key("long"), bytes("v"), Duration.ofHours(1)));
        passTime(ttl.multipliedBy(2));
        awaitAbsent(key("short"));
        assertArrayEquals(bytes("v"), read(key("forever")));
        assertArrayEquals(bytes("v"), read(key("long")));
    }

    @Test
    void put_withVeryLongTtl_isKept() {
        join(backend.put(key("year"), bytes("v"), Duration.ofDays(400)));
        assertArrayEquals(bytes("v"), read(key("year")));
    }

    @Test
    void putIfAbsent_storesOnlyWhenAbsent() {
        assertTrue(join(backend.putIfAbsent(key("k"), bytes("first"), Duration.ofMinutes(1))));
        assertFalse(join(backend.putIfAbsent(key("k"), bytes("second"), Duration.ofMinutes(1))));
        assertArrayEquals(bytes("first"), read(key("k")));
    }

    @Test
    void putIfAbsent_afterExpiry_stores() {
        join(backend.put(key("k"), bytes("old"), shortTtl()));
        passTime(shortTtl().multipliedBy(2));
        awaitAbsent(key("k"));
        assertTrue(join(backend.putIfAbsent(key("k"), bytes("new"), Duration.ofMinutes(1))));
        assertArrayEquals(bytes("new"), read(key("k")));
    }

    @Test
    void replace_withCurrentEntry_replaces_withStaleEntry_doesNot() {
        join(backend.put(key("k"), bytes("v1"), Duration.ofMinutes(1)));
        BackendEntry v1 = join(backend.get(key("k")));
        assertTrue(join(backend.replace(key("k"), v1, bytes("v2"), Duration.ofMinutes(1))));
        assertArrayEquals(bytes("v2"), read(key("k")));
        assertFalse(join(backend.replace(key("k"), v1, bytes("v3"), Duration.ofMinutes(1))), "v1 is stale");
        assertArrayEquals(bytes("v2"), read(key("k")));
    }

    @Test
    void replace_sameBytesRewritten_isStillAConflict() {
        join(backend.put(key("k"), bytes("same"), Duration.ofMinutes(1)));
        BackendEntry first = join(backend.get(key("k")));
        join(backend.put(key("k"), bytes("other"), Duration.ofMinutes(1)));
        join(backend.put(key("k"), bytes("same"), Duration.ofMinutes(1)));
        boolean replaced = join(backend.replace(key("k"), first, bytes("next"), Duration.ofMinutes(1)));
        // Stores that version entries must refuse; stores that compare bytes may accept (no lost
        // update either way: the bytes the caller saw are the bytes it replaces). Either way the
        // store holds what the answer says.
        assertArrayEquals(replaced ? bytes("next") : bytes("same"), read(key("k")));
    }

    @Test
    void replace_absentKey_isFalse() {
        assertFalse(join(backend.replace(key("absent"), BackendEntry.of(bytes("x")), bytes("y"), null)));
        assertNull(read(key("absent")));
    }

    @Test
    void delete_reportsPresence() {
        join(backend.put(key("k"), bytes("v"), null));
        assertTrue(join(backend.delete(key("k"))));
        assertNull(read(key("k")));
        assertFalse(join(backend.delete(key("k"))));
    }

    @Test
    void conditionalDelete_removesOnlyTheEntryThatWasRead() {
        join(backend.put(key("cad"), bytes("v1"), Duration.ofMinutes(1)));
        BackendEntry first = join(backend.get(key("cad")));
        join(backend.put(key("cad"), bytes("v2"), Duration.ofMinutes(1)));
        assertFalse(join(backend.delete(key("cad"), first)), "the entry changed since it was read");
        assertArrayEquals(bytes("v2"), read(key("cad")));
        BackendEntry second = join(backend.get(key("cad")));
        assertTrue(join(backend.delete(key("cad"), second)));
        assertNull(read(key("cad")));
        assertFalse(join(backend.delete(key("cad"), second)), "absent now");
    }

    @Test
    void conditionalWrites_withALocalObject_keepItOnALocalStore() {
        Object first = new Object();
        Object second = new Object();
        boolean local = backend.capabilities().contains(Capability.LOCAL);
        assertTrue(join(backend.putIfAbsent(key("lo"), bytes("v"), first, Duration.ofMinutes(1))));
        BackendEntry stored = join(backend.get(key("lo")));
        assertSame(local ? first : null, stored.local());
        assertTrue(join(backend.replace(key("lo"), stored, bytes("w"), second, Duration.ofMinutes(1))));
        assertSame(local ? second : null, join(backend.get(key("lo"))).local());
        assertArrayEquals(bytes("w"), read(key("lo")));
    }

    @Test
    void clear_removesTheNamespaceOnly() {
        for (int i = 0; i < 25; i++) {
            join(backend.put(ns + "a:" + i, bytes("v" + i), Duration.ofMinutes(1)));
        }
        join(backend.put(ns + "ab:1", bytes("other namespace"), Duration.ofMinutes(1)));
        join(backend.put(ns + "b:1", bytes("other namespace"), null));
        long removed = join(backend.clear(ns + "a:"));
        if (backend.capabilities().contains(Capability.COUNTS_CLEARED)) {
            assertEquals(25, removed);
        }
        for (int i = 0; i < 25; i++) {
            assertNull(read(ns + "a:" + i));
        }
        assertArrayEquals(bytes("other namespace"), read(ns + "ab:1"));
        assertArrayEquals(bytes("other namespace"), read(ns + "b:1"));
    }

    @Test
    void clear_thenPut_isServed() {
        join(backend.put(ns + "a:1", bytes("old"), null));
        join(backend.clear(ns + "a:"));
        join(backend.put(ns + "a:1", bytes("new"), null));
        assertArrayEquals(bytes("new"), read(ns + "a:1"));
    }

    @Test
    void clear_emptyNamespace_isZero() {
        long removed = join(backend.clear(ns + "nothing:"));
        assertEquals(backend.capabilities().contains(Capability.COUNTS_CLEARED) ? 0 : CacheBackend.UNKNOWN_COUNT,
                removed);
    }

    @Test
    void put_withALocalObject_storesTheBytes() {
        join(backend.put(key("local"), bytes("v"), new Object(), Duration.ofMinutes(1)));
        assertArrayEquals(bytes("v"), join(backend.get(key("local"))).value());
    }

    @Test
    void put_withALocalObject_handsItBackOnlyOnALocalStore_untilAPlainPutReplacesIt() {
        Object object = new Object();
        Object expected = backend.capabilities().contains(Capability.LOCAL) ? object : null;
        join(backend.put(key("local"), bytes("v"), object, Duration.ofMinutes(1)));
        assertSame(expected, join(backend.get(key("local"))).local());
        join(backend.put(key("local"), bytes("w"), Duration.ofMinutes(1)));
        assertNull(join(backend.get(key("local"))).local());
    }

    @Test
    void scan_pagesThroughEveryKey() {
        assumeTrue(backend.capabilities().contains(Capability.ITERATE_KEYS), "backend cannot list keys");
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 57; i++) {
            expected.add(ns + "s:" + i);
            join(backend.put(ns + "s:" + i, bytes("v"), Duration.ofMinutes(1)));
        }
        join(backend.put(ns + "other:1", bytes("v"), Duration.ofMinutes(1)));
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            KeyPage page = join(backend.scan(ns + "s:", cursor, 10));
            seen.addAll(page.keys());
            cursor = page.nextCursor();
            assertTrue(++pages < 1_000, "scan must terminate");
        } while (cursor != null);
        assertEquals(expected, seen);
    }

    /**
     * What evicting a resource method does: list the keys that extend one key with a scope
     * ({@code key|...}), ids over a store's key-size limit included, and nothing else of the namespace.
     */
    @Test
    void scan_ofAPrefixInsideANamespace_listsExactlyTheKeysUnderIt() {
        assumeTrue(backend.capabilities().contains(Capability.ITERATE_KEYS), "backend cannot list keys");
        String base = ns + "scoped:entry";
        Set<String> expected = new HashSet<>();
        for (String scoped : List.of(base + "|user1", base + "|user2", base + "|" + "v".repeat(1200))) {
            expected.add(scoped);
            join(backend.put(scoped, bytes("v"), Duration.ofMinutes(1)));
        }
        for (String other : List.of(base, base + "x|user1", ns + "scoped:other|user1", ns + "scoped:e")) {
            join(backend.put(other, bytes("v"), Duration.ofMinutes(1)));
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            KeyPage page = join(backend.scan(base + "|", cursor, 2));
            seen.addAll(page.keys());
            cursor = page.nextCursor();
            assertTrue(++pages < 1_000, "scan must terminate");
        } while (cursor != null);
        assertEquals(expected, seen);
        for (String key : seen) {
            assertTrue(join(backend.delete(key)), "a listed key is a real key: " + key);
        }
    }

    /** A JAX-RS resource whose entries are stored per request scope ({@code key|scope}). */
    @jakarta.ws.rs.Path("/items")
    public static class Items {
        @jakarta.ws.rs.GET
        @jakarta.ws.rs.Path("{id}")
        @io.cachet.Cached
        public String item(@jakarta.ws.rs.PathParam("id") String id) {
            return id;
        }
    }

    /** {@code Cachet.evict} of a resource method on this store: its scoped entries go, nothing else. */
    @Test
    void evict_ofAResourceMethod_removesItsScopedEntries_andNothingElse() throws NoSuchMethodException {
        assumeTrue(backend.capabilities().contains(Capability.ITERATE_KEYS), "backend cannot list keys");
        java.lang.reflect.Method item = Items.class.getMethod("item", String.class);
        String prefix = "e" + Long.toHexString(System.nanoTime());
        io.cachet.spi.Embedded engine = io.cachet.spi.Embedded.create(
                io.cachet.CacheSettings.builder().prefix(prefix).coder(new io.cachet.coder.SerializationCoder()).build(),
                backend, List.of(item));
        String key = engine.cachet().keyOf(item, "1");
        String other = engine.cachet().keyOf(item, "2");
        List<String> evicted = List.of(key, key + "|user-a", key + "|user-b", key + "|" + "s".repeat(600));
        for (String stored : evicted) {
            join(backend.put(stored, bytes("v"), Duration.ofMinutes(1)));
        }
        join(backend.put(other + "|user-a", bytes("w"), Duration.ofMinutes(1)));
        assertTrue(engine.cachet().evict(item, "1"));
        for (String stored : evicted) {
            assertNull(read(stored), stored.substring(0, Math.min(stored.length(), 80)));
        }
        assertArrayEquals(bytes("w"), read(other + "|user-a"));
    }

    @Test
    void unusualKeys_roundTrip_withoutCollisions() {
        List<String> keys = List.of(key("space in key"), key("tab\tand\nnewline"), key("ünïcødé-キー-🔑"),
                key("colons:::here"), key("x".repeat(300)), key("y".repeat(300)), key(""), key("quote\"'\\"),
                key("\u0000nul"));
        for (int i = 0; i < keys.size(); i++) {
            join(backend.put(keys.get(i), bytes("value" + i), Duration.ofMinutes(1)));
        }
        for (int i = 0; i < keys.size(); i++) {
            assertArrayEquals(bytes("value" + i), read(keys.get(i)), "key " + i);
        }
    }

    @Test
    void largeValue_roundTrips() {
        int size = (int) Math.min(backend.maxValueBytes() - 1024, 512 * 1024);
        byte[] large = new byte[size];
        new java.util.Random(42).nextBytes(large);
        join(backend.put(key("large"), large, Duration.ofMinutes(1)));
        assertArrayEquals(large, read(key("large")));
    }

    @Test
    void concurrentPutIfAbsent_exactlyOneWins() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                byte[] value = bytes("writer" + i);
                results.add(pool.submit(() -> {
                    start.await();
                    return join(backend.putIfAbsent(key("race"), value, Duration.ofMinutes(1)));
                }));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> result : results) {
                winners += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(1, winners);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentCompareAndSet_losesNoUpdate() throws Exception {
        int threads = 4;
        int increments = 25;
        join(backend.put(key("counter"), bytes("0"), Duration.ofMinutes(5)));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger conflicts = new AtomicInteger();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < increments; i++) {
                        while (true) {
                            BackendEntry current = join(backend.get(key("counter")));
                            int value = Integer.parseInt(new String(current.value(), StandardCharsets.UTF_8));
                            if (join(backend.replace(key("counter"), current, bytes(Integer.toString(value + 1)),
                                    Duration.ofMinutes(5)))) {
                                break;
                            }
                            conflicts.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Integer.toString(threads * increments), new String(read(key("counter")), StandardCharsets.UTF_8));
    }

    @Test
    void close_twice_isHarmless() {
        backend.close();
        backend.close();
        backend = null;
    }

    @Test
    void name_andCapabilities_areReported() {
        assertNotNull(backend.name());
        assertNotNull(backend.capabilities());
        assertTrue(backend.maxValueBytes() > 0);
    }
}
