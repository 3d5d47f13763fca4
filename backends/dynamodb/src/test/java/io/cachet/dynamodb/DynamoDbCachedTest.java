package io.cachet.dynamodb;

import io.cachet.CacheSettings;
import io.cachet.Cached;
import io.cachet.Cachet;
import io.cachet.internal.CachedInterceptor;
import io.cachet.internal.CachetExtension;
import io.cachet.internal.CachetProducer;
import io.cachet.spi.CacheBackend;
import io.cachet.testkit.Await;
import io.cachet.testkit.ManualClock;
import io.cachet.testkit.servers.Dynalite;
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

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code @Cached} end to end through Weld on dynalite, with the endpoint going down and coming back. */
@EnableWeld
class DynamoDbCachedTest {
    static Dynalite dynalite;
    final ManualClock clock = new ManualClock();
    final DynamoDbBackend backend = DynamoDbBackend.create(Dynamo.on(dynalite, "cached").createTable(true)
            .apiCallTimeout(Duration.ofSeconds(1)).build(), clock);

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld()
                    .addBeanClasses(Orders.class, CachedInterceptor.class, CachetProducer.class)
                    .addExtension(new CachetExtension()))
            .addBeans(MockBean.of(CacheSettings.builder().clock(clock).backendTimeout(Duration.ofSeconds(2))
                    .circuitBreaker(3, Duration.ofSeconds(5)).build(), CacheSettings.class),
                    MockBean.of(backend, CacheBackend.class))
            .build();

    @Inject
    Orders orders;
    @Inject
    Cachet cachet;

    public record Order(long id, List<BigDecimal> amounts) {
    }

    @ApplicationScoped
    static class Orders {
        private final AtomicInteger calls = new AtomicInteger();

        int calls() {
            return calls.get();
        }

        @Cached(namespace = "orders", expire = 30)
        public Order order(long id) {
            calls.incrementAndGet();
            return new Order(id, List.of(new BigDecimal("9.99"), BigDecimal.ONE));
        }

        @Cached(namespace = "blobs")
        public String blob(int size) {
            calls.incrementAndGet();
            return "x".repeat(size);
        }
    }

    @BeforeAll
    static void startDynalite() {
        dynalite = Dynalite.startPersistent();
    }

    @AfterAll
    static void stopDynalite() {
        dynalite.close();
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    @Test
    void missThenHit_expiry_andClear() {
        cachet.clear("orders"); // the persistent table outlives each test
        Order first = orders.order(1);
        assertEquals(first, orders.order(1));
        assertEquals(1, orders.calls());
        clock.advance(Duration.ofSeconds(31));
        orders.order(1);
        assertEquals(2, orders.calls(), "expired by Cachet's clock although dynalite still holds it");
        orders.order(2);
        assertEquals(2, cachet.clear("orders"));
        orders.order(1);
        assertEquals(4, orders.calls());
    }

    @Test
    void valueOver400KB_isReturnedUncached() {
        assertEquals(500_000, orders.blob(500_000).length());
        assertEquals(1, cachet.stats().oversized());
        assertEquals(0, cachet.stats().backendFailures());
    }

    @Test
    void endpointDown_callsSucceedUncached_endpointBack_hitsResume() {
        orders.order(7);
        dynalite.kill();
        for (int i = 0; i < 5; i++) {
            assertEquals(7, orders.order(7).id());
        }
        assertEquals(true, cachet.stats().backendFailures() + cachet.stats().circuitRejections() >= 5);
        dynalite.restart();
        long hits = cachet.stats().hits();
        Await.until("hits resume", Duration.ofSeconds(60), () -> {
            clock.advance(Duration.ofSeconds(6)); // past the circuit breaker's open period
            orders.order(8);
            return cachet.stats().hits() > hits;
        });
    }
}
