package io.cachet.redis;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.CachedContractTest;
import io.cachet.testkit.ManualClock;
import io.cachet.testkit.servers.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code @Cached} end to end on a real redis-server, killed and restarted. */
class RedisCachedTest extends CachedContractTest {
    static RedisServer server;

    @BeforeAll
    static void startServer() {
        server = RedisServer.start();
    }

    @AfterAll
    static void closeServer() {
        server.close();
    }

    @AfterEach
    void serverUp() {
        if (!server.isAlive()) {
            server.restart();
        }
    }

    @Override
    protected CacheBackend newBackend(ManualClock clock) {
        return RedisBackend.create(Redis.small(server.address())
                .commandTimeout(Duration.ofMillis(500)).connectTimeout(Duration.ofMillis(500))
                .maxValueBytes(1024 * 1024).build()); // the contract's oversized value, without sending 512 MB
    }

    @Override
    protected void stopServer() {
        server.kill();
    }

    @Override
    protected void restartServer() {
        server.restart();
    }

    @Test
    void theEntryLivesInRedis_withTheMethodsExpiry() {
        catalog.product("toy");
        String key = cachetKey("toy");
        assertEquals("1", server.cli("exists", key));
        long ttl = Long.parseLong(server.cli("pttl", key));
        assertTrue(ttl > 50_000 && ttl <= 60_000, "PTTL " + ttl);
    }
}
