package io.cachet;

import io.cachet.testkit.ManualClock;
import io.cachet.spi.CdiParts;
import io.cachet.memory.InMemoryBackend;
import io.cachet.spi.BackendEntry;
import io.cachet.spi.CacheBackend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.WeldInitiator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Named configurations: {@code cachet.namespaces.<name>.*} gives a namespace its own store, prefix
 * and expiry; a bad or unknown reference fails the deployment naming the property.
 */
class NamespacesTest {
    static final ManualClock CLOCK = new ManualClock();
    /** The application's default store, and a {@code @Named} one. */
    static final InMemoryBackend DEFAULT = InMemoryBackend.builder().clock(CLOCK).build();
    static final InMemoryBackend AUDIT = InMemoryBackend.builder().clock(CLOCK).build();
    private WeldContainer container;

    @Dependent
    public static class Stores {
        @Produces
        CacheSettings settings() {
            return CacheSettings.builder().clock(CLOCK).defaultExpire(java.time.Duration.ofSeconds(600)).build();
        }

        @Produces
        CacheBackend backend() {
            return DEFAULT;
        }

        @Produces
        @Named("audit")
        CacheBackend audit() {
            return AUDIT;
        }
    }

    @ApplicationScoped
    public static class Lookups {
        static final AtomicInteger CALLS = new AtomicInteger();

        @Cached(namespace = "sessions")
        public String session(String id) {
            return id + "#" + CALLS.incrementAndGet();
        }

        @Cached(namespace = "countries")
        public String country(String code) {
            return code + "#" + CALLS.incrementAndGet();
        }

        @Cached(namespace = "audit")
        public String audit(String id) {
            return id + "#" + CALLS.incrementAndGet();
        }

        @Cached
        public String plain(String id) {
            return id + "#" + CALLS.incrementAndGet();
        }
    }

    private static Weld weld(Map<String, String> properties, Class<?>... beans) {
        return WeldInitiator.createWeld().addBeanClasses(beans)
                .addBeanClasses(CdiParts.beanClasses().toArray(Class<?>[]::new)).addBeanClasses(Stores.class)
                .addExtension(CdiParts.extension(properties));
    }

    @AfterEach
    void stop() {
        if (container != null) {
            container.close();
        }
    }

    private static final Map<String, String> CONFIG = Map.of(
            "cachet.stores.side.backend", "memory",
            "cachet.namespaces.sessions.backend", "side",
            "cachet.namespaces.countries.prefix", "geo",
            "cachet.namespaces.countries.expire", "30",
            "cachet.namespaces.audit.backend", "audit");

    @Test
    void eachNamespaceUsesItsOwnStorePrefixAndExpiry() {
        container = weld(CONFIG, Lookups.class).initialize();
        Lookups lookups = container.select(Lookups.class).get();
        Cachet cachet = container.select(Cachet.class).get();

        String session = lookups.session("s1");
        assertEquals(session, lookups.session("s1"), "a hit from the side store");
        assertNull(get(DEFAULT, keyOf(cachet, "session", "s1")), "not in the default store");

        String country = lookups.country("fr");
        String countryKey = keyOf(cachet, "country", "fr");
        assertTrue(countryKey.startsWith("geo:countries:"), countryKey);
        assertNotNull(get(DEFAULT, countryKey), "countries stay on the default store, under their prefix");
        CLOCK.advance(java.time.Duration.ofSeconds(31));
        assertTrue(!country.equals(lookups.country("fr")), "the namespace's 30 s expiry, not the global 600 s");

        String audit = lookups.audit("a1");
        assertEquals(audit, lookups.audit("a1"));
        assertNotNull(get(AUDIT, keyOf(cachet, "audit", "a1")), "the @Named store");
        assertNull(get(DEFAULT, keyOf(cachet, "audit", "a1")));

        String plain = lookups.plain("p");
        assertTrue(keyOf(cachet, "plain", "p").startsWith("cachet::"));
        assertNotNull(get(DEFAULT, keyOf(cachet, "plain", "p")));

        assertEquals(1, cachet.stats("sessions").hits());
        assertEquals(1, cachet.stats("sessions").misses());
        assertEquals(1, cachet.stats("audit").hits());
        assertEquals(0, cachet.stats("").hits());
        cachet.clear("sessions");
        assertTrue(!session.equals(lookups.session("s1")), "cleared in the side store");
        assertEquals(plain, lookups.plain("p"), "another namespace is untouched");
    }

    private static String keyOf(Cachet cachet, String method, String argument) {
        try {
            return cachet.keyOf(Lookups.class.getMethod(method, String.class), argument);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private static BackendEntry get(CacheBackend store, String key) {
        return store.get(key).toCompletableFuture().join();
    }

    @Test
    void anUnknownStoreFailsTheDeployment_namingTheProperty() {
        assertFails(Map.of("cachet.namespaces.sessions.backend", "nosuch"),
                "cachet.namespaces.sessions.backend names no store", "'nosuch'", "cachet.stores.nosuch.backend");
    }

    @Test
    void anUnknownSettingFailsTheDeployment_namingIt() {
        assertFails(Map.of("cachet.namespaces.sessions.colour", "blue"),
                "cachet.namespaces.sessions.colour is not a namespace setting", "expire");
    }

    @Test
    void aBadValueFailsTheDeployment_namingTheProperty() {
        assertFails(Map.of("cachet.namespaces.countries.expire", "-1"),
                "cachet.namespaces.countries.expire must be a positive whole number", "-1");
        assertFails(Map.of("cachet.stores.side.backend", "nosuch", "cachet.namespaces.sessions.backend", "side"),
                "cachet.stores.side.backend must name an available backend", "nosuch");
    }

    private static void assertFails(Map<String, String> properties, String... fragments) {
        RuntimeException failure = assertThrows(RuntimeException.class, () -> {
            try (WeldContainer ignored = weld(properties, Lookups.class).initialize()) {
                fail("deployment should have failed");
            }
        });
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append('\n');
        }
        for (String fragment : fragments) {
            assertTrue(text.toString().contains(fragment), "expected '" + fragment + "' in: " + text);
        }
    }
}
