package io.cachet.sample;

import io.cachet.testkit.servers.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample WAR on Payara Micro 6 switched to Redis by system properties, as on WildFly. */
class SamplePayaraRedisIT extends ResourceShapesContract {
    static RedisServer redis;
    static Payara payara;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        payara = Payara.start(Map.of("cachet.backend", "redis", "cachet.redis.address", redis.address()));
    }

    @AfterAll
    static void stop() {
        payara.close();
        redis.close();
    }

    @Override
    SampleServer server() {
        return payara;
    }

    @Test
    void entriesLiveInRedis() throws Exception {
        get("/clear");
        get("/sync-me");
        String keys = redis.cli("--scan", "--pattern", "cachet:test:*");
        assertTrue(keys.startsWith("cachet:test:"), "the entry is in Redis: " + keys);
    }
}
