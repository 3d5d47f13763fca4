package io.cachet.redis;

import io.cachet.spi.BackendFactory;
import org.junit.jupiter.api.Test;
import org.redisson.config.ReadMode;

import java.time.InstantSource;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisSettingsTest {

    @Test
    void defaults_areSizedForASmallContainer() {
        var config = RedisSettings.builder().build().toRedissonConfig();
        assertEquals(2, config.getThreads());
        assertEquals(4, config.getNettyThreads());
        assertTrue(config.isLazyInitialization());
        assertEquals(8, config.useSingleServer().getConnectionPoolSize());
        assertEquals(2, config.useSingleServer().getConnectionMinimumIdleSize());
    }

    @Test
    void properties_selectClusterAndSentinel() {
        RedisSettings cluster = RedisSettings.fromProperties(Map.of("cachet.redis.mode", "cluster",
                "cachet.redis.address", "redis://127.0.0.1:7000, redis://127.0.0.1:7001")::get);
        assertEquals(RedisSettings.Mode.CLUSTER, cluster.mode());
        assertEquals(2, cluster.addresses().size());
        assertEquals(ReadMode.MASTER, cluster.toRedissonConfig().useClusterServers().getReadMode());

        RedisSettings sentinel = RedisSettings.fromProperties(Map.of("cachet.redis.mode", "sentinel",
                "cachet.redis.address", "rediss://sentinel:26379", "cachet.redis.master-name", "main")::get);
        assertEquals(RedisSettings.Mode.SENTINEL, sentinel.mode());
    }

    private static void assertRejected(Map<String, String> properties, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisSettings.fromProperties(properties::get));
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), e.getMessage());
        }
    }

    @Test
    void badProperties_areNamed() {
        assertRejected(Map.of("cachet.redis.mode", "ring"), "cachet.redis.mode", "'ring'");
        assertRejected(Map.of("cachet.redis.address", "localhost:6379"), "cachet.redis.address", "localhost:6379");
        assertRejected(Map.of("cachet.redis.pool-size", "many"), "cachet.redis.pool-size", "'many'");
        assertRejected(Map.of("cachet.redis.pool-size", "0"), "cachet.redis.pool-size", "at least 1");
        assertRejected(Map.of("cachet.redis.mode", "sentinel"), "master-name");
        assertRejected(Map.of("cachet.redis.address", "redis://a:1,redis://b:2"), "standalone");
        assertRejected(Map.of("cachet.redis.timeout-ms", "-5"), "cachet.redis.timeout-ms");
    }

    @Test
    void cachetBackendRedis_isFoundByName() {
        try (var backend = BackendFactory.fromProperties(Map.of("cachet.backend", "redis",
                "cachet.redis.address", "redis://127.0.0.1:1")::get, InstantSource.system())) {
            assertInstanceOf(RedisBackend.class, backend);
        }
    }
}
