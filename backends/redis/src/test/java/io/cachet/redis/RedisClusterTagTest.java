package io.cachet.redis;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.TagContract;
import io.cachet.testkit.servers.RedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Tag invalidation on a three-master Redis Cluster: an entry and its tags live in different slots. */
class RedisClusterTagTest extends TagContract {
    static RedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Override
    protected CacheBackend newBackend() {
        return RedisBackend.create(Redis.small(cluster.addresses().toArray(String[]::new))
                .mode(RedisSettings.Mode.CLUSTER).build());
    }
}
