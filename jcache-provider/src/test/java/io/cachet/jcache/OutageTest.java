package io.cachet.jcache;

import io.cachet.spi.GuardedStore;
import io.cachet.testkit.servers.RedisServer;
import org.junit.jupiter.api.Test;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import java.net.URI;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JCache over a Redis that dies: fail-open by default, as Ehcache's resilience strategy is (a
 * failed read is a miss, a failed write or removal is logged and counted, and the circuit breaker
 * stops the waiting); {@code cachet.jcache.fail-open=false} makes every failure a CacheException.
 */
class OutageTest {

    /** Loads "loaded-" + key: the system of record a read-through cache falls back on. */
    public static final class Loader implements CacheLoader<String, String> {
        @Override
        public String load(String key) {
            return "loaded-" + key;
        }

        @Override
        public Map<String, String> loadAll(Iterable<? extends String> keys) {
            throw new UnsupportedOperationException();
        }
    }

    private static CacheManager manager(RedisServer redis, String failOpen) {
        Properties properties = new Properties();
        properties.setProperty("cachet.backend-timeout-ms", "200");
        properties.setProperty("cachet.redis.threads", "1");
        properties.setProperty("cachet.redis.netty-threads", "2");
        if (failOpen != null) {
            properties.setProperty(CachetCacheManager.FAIL_OPEN, failOpen);
        }
        return Caching.getCachingProvider().getCacheManager(URI.create(redis.address()),
                new URLClassLoader(new java.net.URL[0], OutageTest.class.getClassLoader()), properties);
    }

    @Test
    void failOpenByDefault_aDeadStoreIsAMiss_andEveryWriteGoesOn_countedAndCircuitBroken() {
        try (RedisServer redis = RedisServer.start()) {
            CacheManager manager = manager(redis, null);
            try {
                Cache<String, String> cache = manager.createCache("outage", new MutableConfiguration<String, String>()
                        .setTypes(String.class, String.class).setReadThrough(true)
                        .setCacheLoaderFactory(FactoryBuilder.factoryOf(Loader.class)));
                cache.put("k", "v");
                assertEquals("v", cache.get("k"));
                redis.kill();

                assertEquals("loaded-k", cache.get("k"), "a failed read is a miss: read-through loads");
                cache.put("k", "w");
                assertTrue(cache.putIfAbsent("new", "x"), "written, and lost with the store");
                cache.remove("k");
                assertNull(cache.getAndPut("k", "z"));
                Integer result = cache.invoke("n", (entry, arguments) -> {
                    entry.setValue("seven");
                    return 7;
                });
                assertEquals(Integer.valueOf(7), result, "the processor ran; its write is lost");
                cache.clear();

                GuardedStore guard = manager.unwrap(GuardedStore.class);
                assertTrue(guard.stats().backendFailures() >= 5, "failures are counted: " + guard.stats());
                for (int i = 0; i < 20; i++) {
                    cache.get("k" + i);
                }
                assertTrue(guard.stats().circuitRejections() > 0, "the open circuit skips the store: " + guard.stats());
            } finally {
                manager.close();
            }
        }
    }

    @Test
    void failOpenFalse_aDeadStoreIsACacheException() {
        try (RedisServer redis = RedisServer.start()) {
            CacheManager manager = manager(redis, "false");
            try {
                Cache<String, String> cache = manager.createCache("closed", new MutableConfiguration<String, String>()
                        .setTypes(String.class, String.class));
                cache.put("k", "v");
                redis.kill();
                assertThrows(CacheException.class, () -> cache.get("k"));
                assertThrows(CacheException.class, () -> cache.put("k", "w"));
                assertThrows(CacheException.class, () -> cache.remove("k"));
            } finally {
                manager.close();
            }
        }
    }
}
