package io.cachet;

import io.cachet.coder.SerializationCoder;
import io.cachet.internal.Config;
import io.cachet.memory.InMemoryBackend;
import io.cachet.spi.BackendFactory;
import io.cachet.spi.CacheBackend;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configuration from properties; a bad value is named with the property. */
class ConfigTest {

    @Test
    void defaults() {
        CacheSettings settings = Config.settings(Map.<String, String>of()::get);
        assertEquals("cachet", settings.prefix());
        assertEquals("X-Cachet", settings.statusHeader());
        assertEquals(null, settings.defaultExpire());
        assertTrue(settings.enabled());
        assertTrue(settings.failOpen());
    }

    @Test
    void everySetting() {
        CacheSettings settings = Config.settings(Map.of(
                "cachet.prefix", "shop",
                "cachet.status-header", "X-Cache",
                "cachet.enabled", "false",
                "cachet.fail-open", "false",
                "cachet.expire", "60",
                "cachet.backend-timeout-ms", "250",
                "cachet.lock-timeout-ms", "3000",
                "cachet.coder", "serialization")::get);
        assertEquals("shop", settings.prefix());
        assertEquals("X-Cache", settings.statusHeader());
        assertFalse(settings.enabled());
        assertFalse(settings.failOpen());
        assertEquals(Duration.ofSeconds(60), settings.defaultExpire());
        assertEquals(Duration.ofMillis(250), settings.backendTimeout());
        assertEquals(Duration.ofSeconds(3), settings.lockTimeout());
        assertInstanceOf(SerializationCoder.class, settings.coder());
    }

    private static void assertRejected(String property, String value, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Config.settings(Map.of(property, value)::get));
        assertTrue(e.getMessage().contains(property), e.getMessage());
        assertTrue(e.getMessage().contains(value), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), e.getMessage());
        }
    }

    @Test
    void badValues_nameThePropertyAndValue() {
        assertRejected("cachet.expire", "-3", "positive");
        assertRejected("cachet.expire", "ten");
        assertRejected("cachet.enabled", "yes", "true or false");
        assertRejected("cachet.prefix", "a:b");
        assertRejected("cachet.status-header", "X Bad");
        assertRejected("cachet.coder", "com.example.Missing", "cannot be loaded");
        assertRejected("cachet.coder", "java.lang.String", "Coder");
        assertRejected("cachet.backend-timeout-ms", "0");
    }

    @Test
    void backend_memoryByDefault_andConfigurable() {
        try (CacheBackend backend = BackendFactory.fromProperties(Map.<String, String>of()::get, InstantSource.system())) {
            assertInstanceOf(InMemoryBackend.class, backend);
        }
        try (CacheBackend backend = BackendFactory.fromProperties(Map.of("cachet.backend", "memory",
                "cachet.memory.max-bytes", "1000000")::get, InstantSource.system())) {
            assertTrue(backend.maxValueBytes() < 1_000_000);
        }
    }

    @Test
    void backend_unknownOrBadValues_areNamed() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> BackendFactory.fromProperties(Map.of("cachet.backend", "nope")::get, InstantSource.system()));
        assertTrue(unknown.getMessage().contains("cachet.backend"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("'nope'"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("memory"), unknown.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> BackendFactory.fromProperties(Map.of("cachet.memory.max-entries", "lots")::get, InstantSource.system()));
        assertTrue(bad.getMessage().contains("cachet.memory.max-entries"), bad.getMessage());
    }

    @Test
    void settingsBuilder_rejectsBadValuesByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CacheSettings.builder().defaultExpire(Duration.ofSeconds(-1)));
        assertEquals("defaultExpire must be positive, but was PT-1S", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CacheSettings.builder().circuitBreaker(0, Duration.ofSeconds(1)));
        assertThrows(NullPointerException.class, () -> CacheSettings.builder().coder(null));
    }
}
