package io.cachet.jcache;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLClassLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A JCache cache's Micrometer meters read the counters its statistics MXBean reads: always in step. */
class MetersTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void addRegistry() {
        Metrics.addRegistry(registry);
    }

    @AfterEach
    void removeRegistry() {
        Metrics.removeRegistry(registry);
    }

    private double meter(String name, String... tags) {
        return registry.get(name).tags(tags).functionCounter().count();
    }

    @Test
    void metersAndTheStatisticsMXBean_agree() throws Exception {
        try (CacheManager manager = Caching.getCachingProvider().getCacheManager(URI.create("cachet:memory"),
                new URLClassLoader(new java.net.URL[0], MetersTest.class.getClassLoader()))) {
            Cache<String, String> cache = manager.createCache("metered", new MutableConfiguration<String, String>()
                    .setTypes(String.class, String.class).setStatisticsEnabled(true));
            cache.put("a", "1");
            cache.put("b", "2");
            cache.get("a");
            cache.get("a");
            cache.get("missing");
            cache.remove("b");

            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName statistics = server.queryNames(new ObjectName("javax.cache:type=CacheStatistics,Cache=metered,*"),
                    null).iterator().next();
            assertEquals(2L, server.getAttribute(statistics, "CacheHits"));
            assertEquals((long) server.getAttribute(statistics, "CacheHits"),
                    (long) meter("cachet.jcache.gets", "cache", "metered", "result", "hit", "backend", "memory"));
            assertEquals((long) server.getAttribute(statistics, "CacheMisses"),
                    (long) meter("cachet.jcache.gets", "cache", "metered", "result", "miss"));
            assertEquals((long) server.getAttribute(statistics, "CachePuts"), (long) meter("cachet.jcache.puts", "cache", "metered"));
            assertEquals((long) server.getAttribute(statistics, "CacheRemovals"),
                    (long) meter("cachet.jcache.removals", "cache", "metered"));
            assertEquals(1L, server.getAttribute(statistics, "CacheRemovals"));

            server.invoke(statistics, "clear", null, null);
            assertEquals(0, meter("cachet.jcache.gets", "cache", "metered", "result", "hit"), "cleared together");
            manager.destroyCache("metered");
            assertNull(registry.find("cachet.jcache.gets").tags("cache", "metered").meter(), "gone with the cache");
        }
    }
}
