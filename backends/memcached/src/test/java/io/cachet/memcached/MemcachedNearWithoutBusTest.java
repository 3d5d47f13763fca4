package io.cachet.memcached;

import io.cachet.CacheSettings;
import io.cachet.Cached;
import io.cachet.coder.SerializationCoder;
import io.cachet.spi.Embedded;
import io.cachet.testkit.ManualClock;
import io.cachet.testkit.servers.MemcachedServer;
import io.cachet.testkit.servers.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The near cache over memcached without an invalidation bus: another node's change is served at
 * most the near TTL (here 1 s, the default without a bus), the published staleness bound.
 */
class MemcachedNearWithoutBusTest {
    @RegisterExtension
    static final TestServer<MemcachedServer> memcached = TestServer.of(MemcachedServer::start);
    static final AtomicInteger VERSION = new AtomicInteger();

    public static class Prices {
        @Cached(expire = 300, namespace = "prices")
        public String price(String sku) {
            return sku + " v" + VERSION.get();
        }
    }

    @Test
    void anotherNodesChange_isServedAtMostTheNearTtl() throws Exception {
        ManualClock clock = new ManualClock();
        CacheSettings settings = CacheSettings.builder().clock(clock).coder(new SerializationCoder()).nearCache(true)
                .build();
        Method price = Prices.class.getMethod("price", String.class);
        MemcachedBackend clientA = MemcachedBackend.create(MemcachedSettings.builder().servers(memcached.get().address()).build());
        MemcachedBackend clientB = MemcachedBackend.create(MemcachedSettings.builder().servers(memcached.get().address()).build());
        Embedded a = Embedded.create(settings, clientA, List.of(price));
        Embedded b = Embedded.create(settings, clientB, List.of(price));
        try {
            Prices prices = new Prices();
            String sku = "sku-" + System.nanoTime();
            Object[] args = {sku};
            String first = (String) b.invoke(price, args, () -> prices.price(sku));
            assertEquals(first, b.invoke(price, args, () -> prices.price(sku)));
            assertEquals(1, b.cachet().stores().get(0).near().hits(), "node B's second call is a near hit");

            VERSION.incrementAndGet();
            a.cachet().evict(price, sku);
            String changed = (String) a.invoke(price, args, () -> prices.price(sku));
            clock.advance(Duration.ofMillis(900));
            assertEquals(first, b.invoke(price, args, () -> prices.price(sku)),
                    "without a bus, node B serves its copy up to the near TTL");
            clock.advance(Duration.ofMillis(200));
            assertEquals(changed, b.invoke(price, args, () -> prices.price(sku)), "and not a moment longer");
        } finally {
            a.close();
            b.close();
            clientA.close();
            clientB.close();
        }
    }
}
