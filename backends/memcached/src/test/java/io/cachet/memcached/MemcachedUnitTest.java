package io.cachet.memcached;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Expiry conversion, key mapping and settings, without a server. */
class MemcachedUnitTest {
    static final long NOW = 1_780_000_000L;

    @Test
    void expiration_atLeastTheTtl_relativeUpTo30Days_absoluteBeyond() {
        assertEquals(0, MemcachedBackend.expiration(null, NOW));
        assertEquals(2, MemcachedBackend.expiration(Duration.ofMillis(1), NOW), "one second more than asked");
        assertEquals(3, MemcachedBackend.expiration(Duration.ofMillis(1500), NOW));
        assertEquals(2_592_000, MemcachedBackend.expiration(Duration.ofDays(30).minusSeconds(1), NOW));
        assertEquals(NOW + 2_592_001, MemcachedBackend.expiration(Duration.ofDays(30), NOW));
        assertEquals(Integer.MAX_VALUE, MemcachedBackend.expiration(Duration.ofDays(365L * 100), NOW));
    }

    @Test
    void keys_areSafeAndDistinct() {
        List<String> keys = List.of("cachet:ns:1:plain", "cachet:ns:1:with space", "cachet:ns:1:" + "x".repeat(400),
                "cachet:ns:1:" + "x".repeat(401), "cachet:ns:1:ünïcødé", "cachet:ns:1:tab\t", "cachet:ns:1:\u0000");
        Set<String> mapped = new HashSet<>();
        for (String key : keys) {
            String safe = KeyMapper.map('k', 'h', key);
            assertTrue(safe.length() <= KeyMapper.MAX_KEY_BYTES, safe);
            assertTrue(safe.chars().allMatch(c -> c > 0x20 && c < 0x7F), safe);
            mapped.add(safe);
        }
        assertEquals(keys.size(), mapped.size());
        assertEquals("kcachet:ns:1:plain", KeyMapper.map('k', 'h', "cachet:ns:1:plain"), "safe keys stay readable");
    }

    @Test
    void dataKeys_carryTheNamespaceVersion() {
        assertEquals("kcachet:items:42:abc", MemcachedBackend.dataKey("cachet:items:abc", "cachet:items:", 42));
        assertEquals("vcachet:items:", MemcachedBackend.versionKey("cachet:items:"));
        assertEquals("cachet:items:", MemcachedBackend.namespaceOf("cachet:items:a:b:c"));
        assertThrows(IllegalArgumentException.class, () -> MemcachedBackend.namespaceOf("no-namespace"));
    }

    @Test
    void settings_fromProperties_namesBadValues() {
        MemcachedSettings settings = MemcachedSettings.fromProperties(Map.of(
                "cachet.memcached.servers", "10.0.0.1:11211, cache-2:11212")::get);
        assertEquals(2, settings.nodes().size());
        assertEquals(11212, settings.nodes().get(1).getPort());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () ->
                MemcachedSettings.fromProperties(Map.of("cachet.memcached.servers", "cache-1")::get));
        assertTrue(bad.getMessage().contains("cachet.memcached.servers") && bad.getMessage().contains("'cache-1'"),
                bad.getMessage());
        IllegalArgumentException timeout = assertThrows(IllegalArgumentException.class, () ->
                MemcachedSettings.fromProperties(Map.of("cachet.memcached.timeout-ms", "0")::get));
        assertTrue(timeout.getMessage().contains("cachet.memcached.timeout-ms"), timeout.getMessage());
    }
}
