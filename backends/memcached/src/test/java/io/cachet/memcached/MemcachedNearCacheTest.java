package io.cachet.memcached;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.NearCacheContract;
import io.cachet.testkit.servers.FaultProxy;
import io.cachet.testkit.servers.MemcachedServer;
import io.cachet.testkit.servers.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/**
 * The near cache over real memcached, which has no pub/sub: invalidations travel over a Redis bus
 * ({@code cachet.near.bus=redis}); node B reaches the bus through a fault proxy.
 */
class MemcachedNearCacheTest extends NearCacheContract {
    static MemcachedServer memcached;
    static RedisServer redis;
    static FaultProxy proxy;

    @BeforeAll
    static void startServers() {
        memcached = MemcachedServer.start();
        redis = RedisServer.start();
        proxy = FaultProxy.to(redis.port());
    }

    @AfterAll
    static void stopServers() {
        proxy.close();
        redis.close();
        memcached.close();
    }

    @Override
    protected CacheBackend newBackend(boolean nodeB) {
        return MemcachedBackend.create(MemcachedSettings.builder().servers(memcached.address()).build());
    }

    @Override
    protected Map<String, String> properties(boolean nodeB) {
        return Map.of("cachet.near.bus", "redis", "cachet.redis.address",
                nodeB ? "redis://" + proxy.address() : redis.address(), "cachet.redis.threads", "1",
                "cachet.redis.netty-threads", "2");
    }

    @Override
    protected void cutNodeB() {
        proxy.refuse();
        proxy.reset();
    }

    @Override
    protected void restoreNodeB() {
        proxy.heal();
    }
}
