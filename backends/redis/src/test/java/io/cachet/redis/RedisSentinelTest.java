package io.cachet.redis;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.Await;
import io.cachet.testkit.BackendContractTest;
import io.cachet.testkit.servers.RedisSentinelGroup;
import io.cachet.testkit.servers.TestServer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The backend contract through Sentinel, then a failover: the cache serves again after promotion. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisSentinelTest extends BackendContractTest {
    @RegisterExtension
    static final TestServer<RedisSentinelGroup> group = TestServer.of(RedisSentinelGroup::start);

    @Override
    protected CacheBackend createBackend() {
        return RedisBackend.create(Redis.small(group.get().sentinelAddress()).mode(RedisSettings.Mode.SENTINEL)
                .masterName(RedisSentinelGroup.MASTER_NAME).build());
    }

    @Override
    protected void passTime(Duration ttl) {
        // Redis expires keys itself.
    }

    /** Runs last: it kills the master. */
    @Test
    @Order(Integer.MAX_VALUE)
    void failover_cacheServesAgainAfterPromotion() {
        join(backend.put(key("before"), bytes("v"), Duration.ofMinutes(5)));
        int replicaPort = group.get().replica().port();
        group.get().master().kill();
        Await.until("sentinel promotes the replica", Duration.ofSeconds(60),
                () -> group.get().currentMasterPort() == replicaPort);
        Await.until("writes and reads succeed on the new master", Duration.ofSeconds(60), () -> {
            try {
                backend.put(key("after"), bytes("w"), Duration.ofMinutes(5)).toCompletableFuture()
                        .get(5, java.util.concurrent.TimeUnit.SECONDS);
                byte[] value = read(key("after"));
                return value != null && Arrays.equals(bytes("w"), value);
            } catch (Exception | AssertionError e) {
                return false;
            }
        });
        assertEquals("w", new String(read(key("after"))));
    }
}
