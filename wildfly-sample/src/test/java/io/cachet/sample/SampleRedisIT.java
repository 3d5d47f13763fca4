package io.cachet.sample;

import io.cachet.testkit.servers.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same app switched to Redis by configuration only (system properties). */
class SampleRedisIT extends ResourceShapesContract {
    static RedisServer redis;
    static WildFly wildfly;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        wildfly = WildFly.start(Map.of("cachet.backend", "redis", "cachet.redis.address", redis.address()));
    }

    @AfterAll
    static void stop() {
        wildfly.close();
        redis.close();
    }

    @Override
    SampleServer server() {
        return wildfly;
    }

    @Test
    void entriesLiveInRedis() throws Exception {
        get("/clear");
        get("/sync-me");
        String keys = redis.cli("--scan", "--pattern", "cachet:test:*");
        assertTrue(keys.startsWith("cachet:test:"), "the entry is in Redis: " + keys);
        assertEquals("1", redis.cli("eval", "return #redis.call('keys', 'cachet:test:*')", "0"));
    }
}
