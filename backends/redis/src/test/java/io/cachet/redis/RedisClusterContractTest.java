package io.cachet.redis;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.BackendContractTest;
import io.cachet.testkit.servers.RedisCluster;
import io.cachet.testkit.servers.RedisServer;
import io.cachet.testkit.servers.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backend contract on a real three-master Redis Cluster. */
class RedisClusterContractTest extends BackendContractTest {
    @RegisterExtension
    static final TestServer<RedisCluster> cluster = TestServer.of(RedisCluster::start);

    @Override
    protected CacheBackend createBackend() {
        return RedisBackend.create(Redis.small(cluster.get().addresses().toArray(String[]::new))
                .mode(RedisSettings.Mode.CLUSTER).build());
    }

    @Override
    protected void passTime(Duration ttl) {
        // Redis expires keys itself.
    }

    @Test
    void clear_reachesEveryMaster() {
        for (int i = 0; i < 300; i++) {
            join(backend.put(ns + "spread:" + i, bytes("v"), Duration.ofMinutes(5)));
        }
        for (RedisServer node : cluster.get().nodes()) {
            long here = Long.parseLong(node.cli("eval", "return #redis.call('keys', ARGV[1])", "0", ns + "spread:*"));
            assertTrue(here > 0, "keys land on every master, but none on " + node);
        }
        assertEquals(300L, join(backend.clear(ns + "spread:")));
        for (int i = 0; i < 300; i++) {
            assertNull(read(ns + "spread:" + i));
        }
    }
}
