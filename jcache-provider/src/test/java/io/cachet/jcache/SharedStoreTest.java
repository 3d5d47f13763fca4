package io.cachet.jcache;

import io.cachet.Cached;
import io.cachet.Cachet;
import io.cachet.testkit.CachetWeld;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

/** {@code cachet:cdi}: JCache and {@code @Cached} share one store, and closing JCache leaves it open. */
class SharedStoreTest {

    @ApplicationScoped
    public static class Prices {
        @Cached(namespace = "prices")
        public int price(String sku) {
            return sku.length();
        }
    }

    @Test
    void unwrap_reachesTheStoresOwnClient() {
        try (io.cachet.testkit.servers.RedisServer redis = io.cachet.testkit.servers.RedisServer.start()) {
            CacheManager manager = Caching.getCachingProvider().getCacheManager(URI.create(redis.address()), null);
            try {
                org.redisson.api.RedissonClient client = manager.unwrap(org.redisson.api.RedissonClient.class);
                assertFalse(client.isShutdown());
            } finally {
                manager.close();
            }
        }
    }

    @Test
    void jcacheAndCached_useTheSameStoreInstance() {
        try (WeldContainer weld = CachetWeld.weld(Prices.class).initialize()) {
            Cachet cachet = weld.select(Cachet.class).get();
            CacheManager manager = Caching.getCachingProvider().getCacheManager(URI.create("cachet:cdi"), null);
            assertSame(cachet.backend(), manager.unwrap(io.cachet.spi.CacheBackend.class));
            Cache<String, Integer> cache = manager.createCache("stock", new MutableConfiguration<String, Integer>()
                    .setTypes(String.class, Integer.class));
            cache.put("apple", 3);
            assertEquals(3, cache.get("apple"));
            weld.select(Prices.class).get().price("kiwi");
            manager.close();
            assertEquals(4, weld.select(Prices.class).get().price("kiwi"), "the shared store still serves @Cached");
            assertFalse(cachet.stats().backendFailures() > 0);
        }
    }

    @Test
    void aByValueCache_copiesWhatAByReferenceCacheOfTheSameNameKeptInTheSharedStore() throws Exception {
        try (WeldContainer weld = CachetWeld.weld(Prices.class).initialize();
             java.net.URLClassLoader otherLoader = new java.net.URLClassLoader(new java.net.URL[0],
                     getClass().getClassLoader())) {
            CacheManager byReference = Caching.getCachingProvider().getCacheManager(URI.create("cachet:cdi"), null);
            CacheManager byValue = Caching.getCachingProvider().getCacheManager(URI.create("cachet:cdi"), otherLoader);
            try {
                Cache<String, java.util.Date> references = byReference.createCache("mixed",
                        new MutableConfiguration<String, java.util.Date>().setTypes(String.class, java.util.Date.class)
                                .setStoreByValue(false));
                Cache<String, java.util.Date> values = byValue.createCache("mixed",
                        new MutableConfiguration<String, java.util.Date>().setTypes(String.class, java.util.Date.class));
                java.util.Date date = new java.util.Date(1_000);
                references.put("d", date);
                assertSame(date, references.get("d"));
                java.util.Date copy = values.get("d");
                org.junit.jupiter.api.Assertions.assertNotSame(date, copy, "a by-value read never shares a mutable object");
                assertEquals(date, copy);
            } finally {
                byReference.destroyCache("mixed");
                byReference.close();
                byValue.close();
            }
        }
    }
}
