package io.cachet.redis;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.TagContract;
import io.cachet.testkit.servers.RedisCluster;
import io.cachet.testkit.servers.TestServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tag invalidation on a three-master Redis Cluster: an entry and its tags live in different slots. */
class RedisClusterTagTest extends TagContract {
    @RegisterExtension
    static final TestServer<RedisCluster> cluster = TestServer.of(RedisCluster::start);

    @Override
    protected CacheBackend newBackend() {
        return RedisBackend.create(Redis.small(cluster.get().addresses().toArray(String[]::new))
                .mode(RedisSettings.Mode.CLUSTER).build());
    }
}
