package io.cachet.jcache;

import io.cachet.spi.Envelope;
import io.cachet.spi.CacheBackend;
import io.cachet.spi.Capability;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.Duration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.net.URI;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What JSR-107 calls atomic is atomic on a real store: several threads on two cache managers (two
 * "nodes" sharing one store, each with its own client) race on one key. And what the store holds
 * cannot hurt a reader: bytes that cannot be read are a miss and are removed, and a class planted
 * in the store is never instantiated.
 */
abstract class AtomicContract {
    private static final int THREADS = 8;

    private final List<CacheManager> managers = new ArrayList<>();
    private final List<URLClassLoader> loaders = new ArrayList<>();
    private ExecutorService pool;
    CacheManager nodeA;
    CacheManager nodeB;

    /** The URI both nodes' managers use; {@link #properties()} says the rest. */
    abstract URI uri();

    /** The managers' properties (a fresh object each call). */
    Properties properties() {
        return new Properties();
    }

    @BeforeEach
    void startNodes() {
        nodeA = node();
        nodeB = node();
        pool = Executors.newFixedThreadPool(THREADS + 8);
        for (CacheManager node : managers) {
            // the store answers before a test starts (dynalite is slow to warm up), so no call fails open
            Cache<String, String> warm = cache(node, "warm-up", String.class);
            io.cachet.testkit.Await.until("the store answers", java.time.Duration.ofMinutes(1), () -> {
                warm.put("k", "v");
                return "v".equals(warm.get("k"));
            });
        }
    }

    /** A manager of its own: the provider keeps one per class loader and URI. */
    private CacheManager node() {
        URLClassLoader loader = new URLClassLoader(new java.net.URL[0], getClass().getClassLoader());
        loaders.add(loader);
        CacheManager manager = Caching.getCachingProvider().getCacheManager(uri(), loader, properties());
        managers.add(manager);
        return manager;
    }

    @AfterEach
    void stopNodes() throws IOException {
        pool.shutdownNow();
        for (CacheManager manager : managers) {
            manager.close();
        }
        for (URLClassLoader loader : loaders) {
            loader.close();
        }
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private <V> Cache<String, V> cache(CacheManager manager, String name, Class<V> type) {
        Cache<String, V> cache = manager.getCache(name, String.class, type);
        return cache != null ? cache : manager.createCache(name, new MutableConfiguration<String, V>().setTypes(String.class, type));
    }

    @Test
    void invoke_eightThreadsOnTwoNodes_thousandIncrementsEach_endAtExactlyEightThousand() throws Exception {
        String name = unique("counter");
        List<Cache<String, Integer>> caches = List.of(cache(nodeA, name, Integer.class), cache(nodeB, name, Integer.class));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Cache<String, Integer> cache = caches.get(t % 2);
            workers.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 1_000; i++) {
                    cache.invoke("hits", (entry, arguments) -> {
                        entry.setValue(entry.exists() ? entry.getValue() + 1 : 1);
                        return null;
                    });
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> worker : workers) {
            worker.get(5, TimeUnit.MINUTES);
        }
        assertEquals(8_000, caches.get(0).get("hits"));
        assertEquals(8_000, caches.get(1).get("hits"));
    }

    @Test
    void putIfAbsent_racingOnTwoNodes_hasExactlyOneWinner_whoseValueIsStored() throws Exception {
        String name = unique("claims");
        List<Cache<String, String>> caches = List.of(cache(nodeA, name, String.class), cache(nodeB, name, String.class));
        for (int round = 0; round < 20; round++) {
            String key = "k" + round;
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> racers = new ArrayList<>();
            for (int t = 0; t < THREADS * 2; t++) {
                Cache<String, String> cache = caches.get(t % 2);
                String value = "racer-" + t;
                racers.add(pool.submit(() -> {
                    start.await();
                    return cache.putIfAbsent(key, value);
                }));
            }
            start.countDown();
            List<String> winners = new ArrayList<>();
            for (int t = 0; t < racers.size(); t++) {
                if (racers.get(t).get(1, TimeUnit.MINUTES)) {
                    winners.add("racer-" + t);
                }
            }
            assertEquals(1, winners.size(), "round " + round + ": winners " + winners);
            assertEquals(winners.get(0), caches.get(0).get(key));
            assertEquals(winners.get(0), caches.get(1).get(key));
        }
    }

    @Test
    void get_racingRemove_underAccessExpiry_neverBringsTheEntryBack() throws Exception {
        String name = unique("touched");
        MutableConfiguration<String, String> configuration = new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class)
                .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(Duration.ONE_HOUR));
        Cache<String, String> readerCache = nodeA.createCache(name, configuration);
        Cache<String, String> removerCache = nodeB.createCache(name, configuration);
        for (int round = 0; round < 300; round++) {
            String key = "k" + round;
            removerCache.put(key, "v");
            CountDownLatch start = new CountDownLatch(1);
            Future<?> reader = pool.submit(() -> {
                start.await();
                for (int i = 0; i < 3; i++) {
                    readerCache.get(key); // each hit writes the entry back with its new expiry
                }
                return null;
            });
            Future<Boolean> remover = pool.submit(() -> {
                start.await();
                return removerCache.remove(key);
            });
            start.countDown();
            reader.get(1, TimeUnit.MINUTES);
            assertTrue(remover.get(1, TimeUnit.MINUTES));
            assertFalse(removerCache.containsKey(key), "round " + round + ": a read brought the removed entry back");
            assertFalse(readerCache.containsKey(key), "round " + round + ": a read brought the removed entry back");
        }
    }

    // ---- what the store holds cannot hurt a reader ----

    private static String storeKey(String cache, String key) {
        return "cachet:jcache." + cache + ":s" + key;
    }

    private static void plant(CacheManager manager, String storeKey, byte[] bytes) {
        manager.unwrap(CacheBackend.class).put(storeKey, bytes, java.time.Duration.ofMinutes(5)).toCompletableFuture().join();
    }

    private static boolean held(CacheManager manager, String storeKey) {
        return manager.unwrap(CacheBackend.class).get(storeKey).toCompletableFuture().join() != null;
    }

    static byte[] serialize(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    /** A serialized object whose class no class loader here has (renamed since it was stored, say). */
    static byte[] ofAClassThatIsGone() throws IOException {
        byte[] bytes = serialize(new Gone("x"));
        String from = Gone.class.getName();
        String to = from.replace("Gone", "Lost");
        String text = new String(bytes, StandardCharsets.ISO_8859_1).replace(from, to);
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void unreadableEntries_areAMiss_andRemoved_andThenStoredAnew() throws IOException {
        String name = unique("unreadable");
        Cache<String, String> cache = cache(nodeA, name, String.class);
        byte[][] unreadable = {
                Envelope.wrap(new byte[] {1, 2, 3, 4, 5}, Envelope.NEVER), // corrupt bytes
                Envelope.wrap(ofAClassThatIsGone(), Envelope.NEVER), // an unknown class
                "not a Cachet envelope".getBytes(StandardCharsets.UTF_8), // a foreign format
        };
        for (int i = 0; i < unreadable.length; i++) {
            String key = "k" + i;
            plant(nodeA, storeKey(name, key), unreadable[i]);
            assertNull(cache.get(key), "entry " + i);
            assertFalse(held(nodeA, storeKey(name, key)), "entry " + i + " is removed");
            plant(nodeA, storeKey(name, key), unreadable[i]);
            assertTrue(cache.putIfAbsent(key, "fresh"), "entry " + i + " reads as absent");
            assertEquals("fresh", cache.get(key));
        }
    }

    /** Records being instantiated by deserialization: the gadget a planted stream would run. */
    static final class Planted implements Serializable {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean INSTANTIATED = new AtomicBoolean();

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            INSTANTIATED.set(true);
            in.defaultReadObject();
        }
    }

    record Gone(String name) implements Serializable {
    }

    @Test
    void aClassPlantedInTheStore_asAValueOrAsAKey_isNeverInstantiated() throws IOException {
        Planted.INSTANTIATED.set(false);
        String name = unique("planted");
        Cache<String, Object> cache = nodeA.createCache(name, new MutableConfiguration<String, Object>()
                .setTypes(String.class, Object.class));
        plant(nodeA, storeKey(name, "value"), Envelope.wrap(serialize(new Planted()), Envelope.NEVER));
        assertNull(cache.get("value"));
        assertFalse(held(nodeA, storeKey(name, "value")), "the planted value is removed");
        assertFalse(Planted.INSTANTIATED.get(), "a planted value was instantiated");

        assumeTrue(nodeA.unwrap(CacheBackend.class).capabilities().contains(Capability.ITERATE_KEYS),
                "keys are read back only from a store that lists them");
        String plantedKey = "cachet:jcache." + name + ":o"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(serialize(new Planted()));
        plant(nodeA, plantedKey, Envelope.wrap(serialize("innocent"), Envelope.NEVER));
        cache.put("real", "kept");
        List<String> keys = new ArrayList<>();
        cache.forEach(entry -> keys.add(entry.getKey()));
        assertEquals(List.of("real"), keys);
        assertFalse(held(nodeA, plantedKey), "the planted key is removed");
        plant(nodeA, plantedKey, Envelope.wrap(serialize("innocent"), Envelope.NEVER));
        cache.removeAll();
        assertFalse(held(nodeA, plantedKey));
        assertNotNull(nodeA.getCache(name));
        assertFalse(Planted.INSTANTIATED.get(), "a planted key was instantiated");
    }
}
