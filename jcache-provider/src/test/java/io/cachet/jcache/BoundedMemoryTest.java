package io.cachet.jcache;

import org.junit.jupiter.api.Test;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import java.net.URI;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A {@code cachet:memory} manager is bounded like every memory store, never unbounded. */
class BoundedMemoryTest {

    @Test
    void memoryManager_isBoundedByMaxEntries() {
        Properties properties = new Properties();
        properties.setProperty("cachet.memory.max-entries", "20");
        // a class loader of its own: a manager of its own, whatever other tests opened
        ClassLoader loader = new java.net.URLClassLoader(new java.net.URL[0], getClass().getClassLoader());
        CacheManager manager = Caching.getCachingProvider(CachetCachingProvider.class.getName()).getCacheManager(
                URI.create("cachet:memory"), loader, properties);
        try {
            Cache<Integer, String> cache = manager.createCache("bounded",
                    new MutableConfiguration<Integer, String>().setTypes(Integer.class, String.class));
            for (int i = 0; i < 1_000; i++) {
                cache.put(i, "value " + i);
            }
            int held = 0;
            for (Cache.Entry<Integer, String> ignored : cache) {
                held++;
            }
            assertTrue(held <= 20, "1,000 puts into a 20-entry store hold at most 20, but held " + held);
            cache.put(5_000, "last");
            assertEquals("last", cache.get(5_000), "it still caches");
        } finally {
            manager.close();
        }
    }
}
