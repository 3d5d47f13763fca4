package io.cachet.jcache;

import io.cachet.spi.Envelope;
import io.cachet.spi.CacheBackend;
import io.cachet.testkit.servers.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How values are held: copies under store-by-value, except deeply immutable values on the local
 * store, which are kept as they are; the very objects under store-by-reference on the local store;
 * copies again on a remote store whatever the configuration.
 */
class ValueSemanticsTest {
    public record Price(String sku, BigDecimal amount, LocalDate day, Currency currency) implements Serializable {
    }

    public enum Currency { EUR, USD }

    public record Basket(String owner, List<String> items) implements Serializable {
    }

    public record Unserializable(String name) {
    }

    /** A BigDecimal subclass with state of its own: not one of the immutable JDK types. */
    public static final class TaggedDecimal extends BigDecimal {
        public String tag = "x";

        TaggedDecimal(String value) {
            super(value);
        }
    }

    /** Mutable and not serializable, with value equality: for store-by-reference. */
    public static final class Counter {
        final String name;
        int count;

        Counter(String name) {
            this.name = name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Counter other && other.name.equals(name);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }
    }

    private CacheManager manager;

    @BeforeEach
    void openManager() {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("cachet.serialization.allow", "io.cachet.jcache.*"); // this test's own value classes
        manager = Caching.getCachingProvider().getCacheManager(URI.create("cachet:memory"), getClass().getClassLoader(),
                properties);
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    private <V> Cache<String, V> byValue(String name, Class<V> type) {
        return manager.createCache(name, new MutableConfiguration<String, V>().setTypes(String.class, type));
    }

    @Test
    void byValue_mutableValue_isCopiedOnWriteAndOnRead() {
        Cache<String, Date> cache = byValue("dates", Date.class);
        Date date = new Date(1_000);
        cache.put("d", date);
        date.setTime(2_000);
        Date first = cache.get("d");
        assertEquals(1_000, first.getTime());
        first.setTime(3_000);
        Date second = cache.get("d");
        assertEquals(1_000, second.getTime());
        assertNotSame(first, second);
    }

    @Test
    void byValue_immutableRecord_isKeptAsItIs() {
        Cache<String, Price> cache = byValue("prices", Price.class);
        Price price = new Price("apple", new BigDecimal("1.25"), LocalDate.of(2026, 11, 25), Currency.EUR);
        cache.put("apple", price);
        assertSame(price, cache.get("apple"), "a copy could not be told apart, so none is made");
        assertEquals(price, cache.getAndPut("apple", new Price("apple", BigDecimal.ONE, null, Currency.USD)));
    }

    @Test
    void byValue_recordWithAMutableComponent_isCopied() {
        Cache<String, Basket> cache = byValue("baskets", Basket.class);
        List<String> items = new ArrayList<>(List.of("pear"));
        cache.put("b", new Basket("ann", items));
        items.add("fig");
        Basket read = cache.get("b");
        assertEquals(List.of("pear"), read.items());
        read.items().add("kiwi");
        assertEquals(List.of("pear"), cache.get("b").items());
    }

    @Test
    void byValue_recordHoldingASubclassOfAnImmutableType_isCopied() {
        Cache<String, Price> cache = byValue("tagged", Price.class);
        Price price = new Price("pear", new TaggedDecimal("2.50"), null, null);
        cache.put("pear", price);
        Price read = cache.get("pear");
        assertNotSame(price, read);
        assertEquals(price, read);
    }

    @Test
    void byValue_valueThatCannotBeSerialized_isRefused_evenWhenImmutable() {
        Cache<String, Unserializable> cache = byValue("unserializable", Unserializable.class);
        assertThrows(IllegalArgumentException.class, () -> cache.put("u", new Unserializable("u")));
        assertNull(cache.get("u"));
    }

    @Test
    void byValue_failedSerialization_leavesTheThreadsStreamUsable() {
        Cache<String, Object> cache = byValue("failing", Object.class);
        assertThrows(IllegalArgumentException.class, () -> cache.put("bad", new FailingValue()));
        cache.put("good", new ArrayList<>(List.of("ok")));
        assertEquals(List.of("ok"), cache.get("good"));
    }

    @Test
    void byValue_valueWhoseSerializationWritesToACache_isStoredWhole() {
        Cache<String, Object> inner = byValue("inner", Object.class);
        Cache<String, Object> outer = byValue("outer", Object.class);
        outer.put("nested", new ReentrantValue(inner, "payload"));
        assertEquals(List.of("written during serialization"), inner.get("side"));
        assertEquals("payload", ((ReentrantValue) outer.get("nested")).text);
    }

    @Test
    void corruptStoredBytes_areAMiss_andRemoved_soGetAndPutStores() {
        Cache<String, Date> cache = byValue("corrupt", Date.class);
        CacheBackend backend = cache.unwrap(CacheBackend.class);
        backend.put("cachet:jcache.corrupt:sk", Envelope.wrap(new byte[] {1, 2, 3}, Envelope.NEVER), null)
                .toCompletableFuture().join();
        assertNull(cache.get("k"));
        assertNull(backend.get("cachet:jcache.corrupt:sk").toCompletableFuture().join(), "the unreadable entry is removed");
        backend.put("cachet:jcache.corrupt:sk", Envelope.wrap(new byte[] {1, 2, 3}, Envelope.NEVER), null)
                .toCompletableFuture().join();
        assertNull(cache.getAndPut("k", new Date(4)), "unreadable: no old value");
        assertEquals(new Date(4), cache.get("k"));
    }

    @Test
    void byReference_onTheLocalStore_holdsTheVeryObjects_evenUnserializableKeysAndValues() {
        Cache<Counter, Counter> cache = manager.createCache("references", new MutableConfiguration<Counter, Counter>()
                .setTypes(Counter.class, Counter.class).setStoreByValue(false));
        Counter value = new Counter("v");
        cache.put(new Counter("k"), value);
        value.count = 7;
        Counter read = cache.get(new Counter("k"));
        assertSame(value, read, "an equal key finds the very value");
        assertEquals(7, read.count);
        Set<Counter> keys = new HashSet<>();
        cache.forEach(entry -> keys.add(entry.getKey()));
        assertEquals(Set.of(new Counter("k")), keys);
        assertTrue(cache.remove(new Counter("k")));
        assertFalse(cache.containsKey(new Counter("k")));
    }

    @Test
    void byReference_onARemoteStore_holdsCopies() {
        try (RedisServer redis = RedisServer.start()) {
            CacheManager remote = Caching.getCachingProvider().getCacheManager(URI.create(redis.address()), null);
            try {
                Cache<String, Date> cache = remote.createCache("dates", new MutableConfiguration<String, Date>()
                        .setTypes(String.class, Date.class).setStoreByValue(false));
                Date date = new Date(1_000);
                cache.put("d", date);
                date.setTime(2_000);
                Date read = cache.get("d");
                assertEquals(1_000, read.getTime());
                assertNotSame(read, cache.get("d"));
            } finally {
                remote.close();
            }
        }
    }

    @Test
    void referenceKeys_pruneTheIdsWhoseEntriesAreGone_andKeepTheOthers() {
        Set<String> stored = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ReferenceKeys keys = new ReferenceKeys();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            String id = keys.idOf(new Counter("c" + i), () -> stored);
            ids.add(id);
            if (i % 2 == 0) {
                stored.add(id);
            }
        }
        assertEquals(new Counter("c0"), keys.keyOf(ids.get(0)), "an id with an entry stays");
        assertNull(keys.keyOf(ids.get(1)), "an id without one is pruned");
        assertEquals(ids.get(0), keys.idOf(new Counter("c0"), () -> stored));
        assertFalse(ids.contains(keys.idOf(new Counter("c1"), () -> stored)), "a pruned key gets a new id, never an old one");
    }

    @Test
    void referenceKeys_aWriteWhoseIdWasPrunedMeanwhile_isToldToMove() {
        Set<String> stored = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ReferenceKeys keys = new ReferenceKeys();
        Counter key = new Counter("late");
        String id = keys.idOf(key, () -> stored);
        for (int i = 0; i < 1_500; i++) {
            keys.idOf(new Counter("other" + i), () -> stored); // grows the registry: prunes "late"
        }
        boolean[] wrote = new boolean[1];
        assertFalse(keys.write(key, id, () -> wrote[0] = true));
        assertTrue(wrote[0]);
        String fresh = keys.idOf(key, () -> stored);
        assertTrue(keys.write(key, fresh, () -> stored.add(fresh)));
        assertFalse(fresh.equals(id));
    }

    @Test
    void referenceKeys_ofTwoRegistries_neverShareAnId() {
        assertFalse(new ReferenceKeys().idOf("k", Set::of).equals(new ReferenceKeys().idOf("k", Set::of)));
    }

    @Test
    void byReference_entriesStayReachable_afterTheCacheIsClosedAndOpenedAgain() {
        MutableConfiguration<Counter, Counter> configuration = new MutableConfiguration<Counter, Counter>()
                .setTypes(Counter.class, Counter.class).setStoreByValue(false);
        Cache<Counter, Counter> cache = manager.createCache("reopened", configuration);
        Counter value = new Counter("v");
        cache.put(new Counter("k"), value);
        cache.close();
        Cache<Counter, Counter> again = manager.createCache("reopened", configuration);
        assertSame(value, again.get(new Counter("k")));
    }

    @Test
    void immutables_recognizeJdkValuesEnumsAndRecordsOfThem_only() {
        assertTrue(Immutables.isImmutable("text"));
        assertTrue(Immutables.isImmutable(42L));
        assertTrue(Immutables.isImmutable(new BigDecimal("1.5")));
        assertTrue(Immutables.isImmutable(LocalDate.of(2026, 1, 1)));
        assertTrue(Immutables.isImmutable(TimeUnit.SECONDS));
        assertTrue(Immutables.isImmutable(new Price("a", BigDecimal.TEN, null, Currency.EUR)));
        assertFalse(Immutables.isImmutable(new Date()));
        assertFalse(Immutables.isImmutable(new TaggedDecimal("1")));
        assertFalse(Immutables.isImmutable(new Price("a", new TaggedDecimal("1"), null, null)));
        assertFalse(Immutables.isImmutable(new Basket("b", List.of())));
        assertFalse(Immutables.isImmutable(new Unserializable("u")), "not serializable: by value must refuse it");
        assertFalse(Immutables.isImmutable(new int[] {1}));
    }

    /** Fails half-way through its serialization. */
    static final class FailingValue implements Serializable {
        private void writeObject(ObjectOutputStream out) throws IOException {
            out.writeInt(1);
            throw new IOException("refuses to be written");
        }
    }

    /** Stores into another cache while it is being serialized. */
    static final class ReentrantValue implements Serializable {
        private final transient Cache<String, Object> side;
        final String text;

        ReentrantValue(Cache<String, Object> side, String text) {
            this.side = side;
            this.text = text;
        }

        private void writeObject(ObjectOutputStream out) throws IOException {
            if (side != null) {
                side.put("side", new ArrayList<>(List.of("written during serialization")));
            }
            out.defaultWriteObject();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ReentrantValue other && Objects.equals(other.text, text);
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(text);
        }
    }
}
