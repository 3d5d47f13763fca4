package io.cachet.memcached;

import io.cachet.CacheSettings;
import io.cachet.Cached;
import io.cachet.Cachet;
import io.cachet.internal.CachedInterceptor;
import io.cachet.internal.CachetExtension;
import io.cachet.internal.CachetProducer;
import io.cachet.spi.CacheBackend;
import io.cachet.testkit.Await;
import io.cachet.testkit.ManualClock;
import io.cachet.testkit.servers.MemcachedServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.weld.junit.MockBean;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** {@code @Cached} end to end through Weld on two real memcached nodes, with a node killed and restarted. */
@EnableWeld
class MemcachedCachedTest {
    static MemcachedServer first;
    static MemcachedServer second;
    final ManualClock clock = new ManualClock();
    final MemcachedBackend backend = MemcachedBackend.create(MemcachedSettings.builder()
            .servers(first.address() + "," + second.address()).maxReconnectDelay(Duration.ofSeconds(1)).build());

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld()
                    .addBeanClasses(Prices.class, CachedInterceptor.class, CachetProducer.class)
                    .addExtension(new CachetExtension()))
            .addBeans(MockBean.of(CacheSettings.builder().clock(clock).circuitBreaker(1_000, Duration.ofSeconds(1))
                    .build(), CacheSettings.class), MockBean.of(backend, CacheBackend.class))
            .build();

    @Inject
    Prices prices;
    @Inject
    Cachet cachet;

    @ApplicationScoped
    static class Prices {
        private final AtomicInteger version = new AtomicInteger();

        void bump() {
            version.incrementAndGet();
        }

        @Cached(namespace = "prices", expire = 300)
        public Map<String, Integer> price(String sku) {
            return Map.of(sku, version.get());
        }

        @Cached(namespace = "blobs")
        public String blob(int size) {
            return "b".repeat(size);
        }
    }

    @BeforeAll
    static void startServers() {
        first = MemcachedServer.start();
        second = MemcachedServer.start();
    }

    @AfterAll
    static void stopServers() {
        first.close();
        second.close();
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    @Test
    void missThenHit_andClearByNamespace() {
        assertEquals(Map.of("a", 0), prices.price("a"));
        prices.bump();
        assertEquals(Map.of("a", 0), prices.price("a"), "a hit");
        assertEquals(1, cachet.stats().hits());
        assertEquals(-1, cachet.clear("prices"), "memcached cannot count what a clear removes");
        assertEquals(Map.of("a", 1), prices.price("a"), "recomputed after the clear");
    }

    @Test
    void valueOverTheItemSize_isReturnedUncached() {
        assertEquals(2_000_000, prices.blob(2_000_000).length());
        assertEquals(1, cachet.stats().oversized());
        assertEquals(0, cachet.stats().backendFailures());
    }

    @Test
    void nodeKilledAndRestarted_noFailedCall_noStaleValueAfterAClear() {
        for (int i = 0; i < 40; i++) {
            prices.price("sku" + i);
        }
        prices.bump(); // the truth moves on: version 1
        first.kill();
        for (int i = 0; i < 40; i++) {
            prices.price("sku" + i); // every call succeeds: live node serves, dead node's keys run uncached
        }
        first.restart();
        Await.until("the restarted node takes writes", Duration.ofSeconds(30), () -> {
            clock.advance(Duration.ofSeconds(2));
            try {
                cachet.clear("prices");
                return true;
            } catch (RuntimeException stillDown) {
                return false;
            }
        });
        for (int i = 0; i < 40; i++) {
            assertEquals(Map.of("sku" + i, 1), prices.price("sku" + i), "no value from before the clear");
        }
        assertNotEquals(0, cachet.stats().misses());
    }
}
