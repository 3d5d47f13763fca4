package io.cachet.jcache;

import io.cachet.memory.InMemoryBackend;
import io.cachet.spi.BackendEntry;
import io.cachet.spi.CacheBackend;
import io.cachet.spi.CacheBackendException;
import io.cachet.spi.Capability;
import io.cachet.spi.KeyPage;
import org.junit.jupiter.api.Test;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A store whose reads fail while its writes answer (fail-open): an operation that read nothing
 * cannot compare-and-set on it, so its write is lost with the store, never retried.
 */
class FailingReadsTest {

    /** The real memory store, but every read fails; conditional writes are counted. */
    static final class FailingReads implements CacheBackend {
        final CacheBackend store = InMemoryBackend.create();
        final AtomicInteger conditionalWrites = new AtomicInteger();

        @Override
        public CompletionStage<BackendEntry> get(String key) {
            return CompletableFuture.failedFuture(new CacheBackendException("reads are down"));
        }

        @Override
        public CompletionStage<Void> put(String key, byte[] value, Duration ttl) {
            return store.put(key, value, ttl);
        }

        @Override
        public CompletionStage<Boolean> putIfAbsent(String key, byte[] value, Duration ttl) {
            conditionalWrites.incrementAndGet();
            return store.putIfAbsent(key, value, ttl);
        }

        @Override
        public CompletionStage<Boolean> replace(String key, BackendEntry expected, byte[] value, Duration ttl) {
            conditionalWrites.incrementAndGet();
            return store.replace(key, expected, value, ttl);
        }

        @Override
        public CompletionStage<Boolean> delete(String key) {
            return store.delete(key);
        }

        @Override
        public CompletionStage<Boolean> delete(String key, BackendEntry expected) {
            conditionalWrites.incrementAndGet();
            return store.delete(key, expected);
        }

        @Override
        public CompletionStage<Long> clear(String namespacePrefix) {
            return store.clear(namespacePrefix);
        }

        @Override
        public CompletionStage<KeyPage> scan(String namespacePrefix, String cursor, int limit) {
            return store.scan(namespacePrefix, cursor, limit);
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.ITERATE_KEYS); // shared, as a remote store is
        }

        @Override
        public String name() {
            return "failing-reads";
        }

        @Override
        public void close() {
            store.close();
        }
    }

    @Test
    void readsFail_writesAnswer_anAtomicOperationIsLostWithTheStore_notRetried() {
        FailingReads backend = new FailingReads();
        backend.store.put("cachet:jcache.reads:sk", io.cachet.spi.Envelope.wrap(new byte[] {1}, 0), null)
                .toCompletableFuture().join(); // something is there: a putIfAbsent on it would never land
        Properties properties = new Properties();
        properties.put(CachetCacheManager.STORE, backend);
        properties.setProperty("cachet.backend-timeout-ms", "100");
        try (CacheManager manager = Caching.getCachingProvider().getCacheManager(URI.create("cachet:failing-reads"),
                new java.net.URLClassLoader(new java.net.URL[0], getClass().getClassLoader()), properties)) {
            Cache<String, String> cache = manager.createCache("reads", new MutableConfiguration<String, String>()
                    .setTypes(String.class, String.class));
            assertTrue(cache.putIfAbsent("k", "v"), "fail-open: written, and lost with the store");
            assertNull(cache.get("k"), "a failed read is a miss");
            assertEquals(Integer.valueOf(1), cache.invoke("n", (entry, arguments) -> {
                entry.setValue("one");
                return 1;
            }));
            assertEquals(0, backend.conditionalWrites.get(), "no compare-and-set on what was never read");
        }
    }
}
