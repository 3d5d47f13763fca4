package io.cachet;

import io.cachet.spi.CdiParts;
import io.cachet.memory.InMemoryBackend;
import io.cachet.spi.CacheBackend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.WeldInitiator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A MicroProfile Health readiness check per store: UP, or DOWN while its circuit is open. */
class HealthTest {
    static final FaultyBackend STORE = new FaultyBackend(InMemoryBackend.create());
    private WeldContainer container;

    @Dependent
    public static class Stores {
        @Produces
        CacheSettings settings() {
            return CacheSettings.builder().circuitBreaker(2, Duration.ofHours(1)).build();
        }

        @Produces
        CacheBackend backend() {
            return STORE;
        }
    }

    @ApplicationScoped
    public static class Lookups {
        @Cached
        public String value(String id) {
            return id;
        }
    }

    @AfterEach
    void stop() {
        STORE.fault = FaultyBackend.Fault.NONE;
        if (container != null) {
            container.close();
        }
    }

    private Map<String, HealthCheckResponse> readiness() {
        Map<String, HealthCheckResponse> checks = new TreeMap<>();
        for (HealthCheck check : container.select(HealthCheck.class, Readiness.Literal.INSTANCE)) {
            HealthCheckResponse response = check.call();
            checks.put(response.getName(), response);
        }
        return checks;
    }

    @Test
    void oneReadinessCheckPerStore_downWhileItsCircuitIsOpen() {
        container = WeldInitiator.createWeld().addBeanClasses(Stores.class, Lookups.class)
                .addBeanClasses(CdiParts.beanClasses().toArray(Class<?>[]::new))
                .addExtension(CdiParts.extension(Map.of("cachet.stores.side.backend", "memory",
                        "cachet.namespaces.sessions.backend", "side"))).initialize();
        Map<String, HealthCheckResponse> checks = readiness();
        assertEquals(java.util.Set.of("cachet-store-default", "cachet-store-side"), checks.keySet());
        assertEquals(HealthCheckResponse.Status.UP, checks.get("cachet-store-default").getStatus());
        assertEquals("closed", checks.get("cachet-store-default").getData().get().get("circuit"));

        STORE.fault = FaultyBackend.Fault.FAIL;
        Lookups lookups = container.select(Lookups.class).get();
        lookups.value("a");
        lookups.value("b");
        checks = readiness();
        assertEquals(HealthCheckResponse.Status.DOWN, checks.get("cachet-store-default").getStatus(),
                "two failures open the circuit");
        assertEquals("open", checks.get("cachet-store-default").getData().get().get("circuit"));
        assertEquals(HealthCheckResponse.Status.UP, checks.get("cachet-store-side").getStatus(), "the other store is up");
    }

    @Test
    void healthOff_registersNone() {
        container = WeldInitiator.createWeld().addBeanClasses(Stores.class, Lookups.class)
                .addBeanClasses(CdiParts.beanClasses().toArray(Class<?>[]::new))
                .addExtension(CdiParts.extension(Map.of("cachet.health", "off"))).initialize();
        assertTrue(readiness().isEmpty());
    }
}
