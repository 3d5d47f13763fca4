package io.cachet.sample;

import io.cachet.testkit.servers.RedisServer;
import io.cachet.testkit.servers.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample on a server switched to Redis by configuration only (system properties). */
abstract class SampleOnRedisContract extends ResourceShapesContract {
    @RegisterExtension
    static final TestServer<RedisServer> redis = TestServer.of(RedisServer::start);

    /** What switches the sample to {@link #redis}. */
    static Map<String, String> onRedis() {
        return Map.of("cachet.backend", "redis", "cachet.redis.address", redis.get().address());
    }

    @Test
    void entriesLiveInRedis() throws Exception {
        get("/clear");
        get("/sync-me");
        String keys = redis.get().cli("--scan", "--pattern", "cachet:test:*");
        assertTrue(keys.startsWith("cachet:test:"), "the entry is in Redis: " + keys);
        assertEquals("1", redis.get().cli("eval", "return #redis.call('keys', 'cachet:test:*')", "0"));
    }
}
