package io.cachet.jcache;

import io.cachet.testkit.ManualClock;
import org.junit.jupiter.api.Test;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import java.net.URI;
import java.net.URLClassLoader;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** JCache expiry is measured by the clock the manager is given ({@code cachet.clock}), the store's included. */
class ClockTest {

    private static CacheManager manager(ManualClock clock) {
        Properties properties = new Properties();
        properties.put(CachetCacheManager.CLOCK, clock);
        return Caching.getCachingProvider().getCacheManager(URI.create("cachet:memory"),
                new URLClassLoader(new java.net.URL[0], ClockTest.class.getClassLoader()), properties);
    }

    @Test
    void expiry_followsTheInjectedClock_notTheSystemOne() {
        ManualClock clock = new ManualClock();
        try (CacheManager manager = manager(clock)) {
            Cache<String, String> modified = manager.createCache("modified", new MutableConfiguration<String, String>()
                    .setTypes(String.class, String.class)
                    .setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 1))));
            Cache<String, String> accessed = manager.createCache("accessed", new MutableConfiguration<String, String>()
                    .setTypes(String.class, String.class)
                    .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 1))));
            modified.put("k", "v");
            accessed.put("k", "v");
            clock.advance(java.time.Duration.ofSeconds(50));
            assertEquals("v", modified.get("k"));
            assertEquals("v", accessed.get("k"), "an access: a minute from now");
            clock.advance(java.time.Duration.ofSeconds(20));
            assertNull(modified.get("k"), "a minute after the write");
            assertEquals("v", accessed.get("k"), "a minute after the last access is not over yet");
            clock.advance(java.time.Duration.ofSeconds(61));
            assertNull(accessed.get("k"));
        }
    }
}
