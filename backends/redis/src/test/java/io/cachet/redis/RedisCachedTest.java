package io.cachet.redis;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.CachedContractTest;
import io.cachet.testkit.ManualClock;
import io.cachet.testkit.servers.RedisServer;
import io.cachet.testkit.servers.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code @Cached} end to end on a real redis-server, killed and restarted. */
class RedisCachedTest extends CachedContractTest {
    @RegisterExtension
    static final TestServer<RedisServer> server = TestServer.of(RedisServer::start);

    @Override
    protected CacheBackend newBackend(ManualClock clock) {
        return RedisBackend.create(Redis.small(server.get().address())
                .commandTimeout(Duration.ofMillis(500)).connectTimeout(Duration.ofMillis(500))
                .maxValueBytes(1024 * 1024).build()); // the contract's oversized value, without sending 512 MB
    }

    @Override
    protected void stopServer() {
        server.get().kill();
    }

    @Override
    protected void restartServer() {
        server.get().restart();
    }

    @Test
    void theEntryLivesInRedis_withTheMethodsExpiry() {
        catalog.product("toy");
        String key = cachetKey("toy");
        assertEquals("1", server.get().cli("exists", key));
        long ttl = Long.parseLong(server.get().cli("pttl", key));
        assertTrue(ttl > 50_000 && ttl <= 60_000, "PTTL " + ttl);
    }
}
