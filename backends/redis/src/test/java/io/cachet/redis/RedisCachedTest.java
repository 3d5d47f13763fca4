package io.cachet.redis;

import io.cachet.CacheSettings;
import io.cachet.Cached;
import io.cachet.Cachet;
import io.cachet.internal.CachedInterceptor;
import io.cachet.internal.CachetExtension;
import io.cachet.internal.CachetProducer;
import io.cachet.spi.CacheBackend;
import io.cachet.testkit.Await;
import io.cachet.testkit.ManualClock;
import io.cachet.testkit.servers.RedisServer;
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
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code @Cached} end to end through Weld on a real redis-server, including a crash and a restart. */
@EnableWeld
class RedisCachedTest {
    static RedisServer server;
    final ManualClock clock = new ManualClock();
    final RedisBackend backend = RedisBackend.create(Redis.small(server.address())
            .commandTimeout(Duration.ofMillis(500)).connectTimeout(Duration.ofMillis(500)).build());

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld()
                    .addBeanClasses(Catalog.class, CachedInterceptor.class, CachetProducer.class)
                    .addExtension(new CachetExtension()))
            .addBeans(MockBean.of(CacheSettings.builder().clock(clock).backendTimeout(Duration.ofSeconds(1))
                    .circuitBreaker(3, Duration.ofSeconds(5)).build(), CacheSettings.class),
                    MockBean.of(backend, CacheBackend.class))
            .build();

    @Inject
    Catalog catalog;
    @Inject
    Cachet cachet;

    public record Product(String name, LocalDate since, List<String> tags) {
    }

    @ApplicationScoped
    static class Catalog {
        private final AtomicInteger calls = new AtomicInteger();

        int calls() {
            return calls.get();
        }

        @Cached(namespace = "products", expire = 60)
        public List<Product> products(String category) {
            calls.incrementAndGet();
            return List.of(new Product(category + "-1", LocalDate.of(2026, 1, 1), List.of("a", "b")));
        }
    }

    @BeforeAll
    static void startServer() {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void closeBackend() {
        backend.close();
        if (!server.isAlive()) {
            server.restart();
        }
        server.cli("flushall");
    }

    @Test
    void missThenHit_throughRedis() {
        List<Product> first = catalog.products("toys");
        assertEquals(first, catalog.products("toys"));
        assertEquals(1, catalog.calls());
        assertEquals(1, cachet.stats().hits());
        String key = cachet.keyOf(method(), "toys");
        assertTrue(key.startsWith("cachet:products:"));
        assertEquals("1", server.cli("exists", key));
        long ttl = Long.parseLong(server.cli("pttl", key));
        assertTrue(ttl > 50_000 && ttl <= 60_000, "PTTL " + ttl);
    }

    @Test
    void clear_namespace_countsAndRemoves() {
        catalog.products("a");
        catalog.products("b");
        assertEquals(2, cachet.clear("products"));
        catalog.products("a");
        assertEquals(3, catalog.calls());
    }

    @Test
    void redisKilled_callsKeepSucceeding_restarted_hitsResume() {
        catalog.products("x");
        server.kill();
        for (int i = 0; i < 5; i++) {
            assertEquals("x-1", catalog.products("x").get(0).name(), "fail-open while Redis is down");
        }
        assertTrue(cachet.stats().backendFailures() + cachet.stats().circuitRejections() >= 5);
        server.restart();
        long hitsBefore = cachet.stats().hits();
        Await.until("hits resume after the restart", Duration.ofSeconds(60), () -> {
            clock.advance(Duration.ofSeconds(6)); // past the circuit breaker's open period
            catalog.products("x");
            return cachet.stats().hits() > hitsBefore;
        });
    }

    static java.lang.reflect.Method method() {
        try {
            return Catalog.class.getDeclaredMethod("products", String.class);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
