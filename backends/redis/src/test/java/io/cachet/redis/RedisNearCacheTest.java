package io.cachet.redis;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.NearCacheContract;
import io.cachet.testkit.servers.FaultProxy;
import io.cachet.testkit.servers.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The near cache over a real redis-server, invalidated over its pub/sub; node B reaches Redis through a fault proxy. */
class RedisNearCacheTest extends NearCacheContract {
    static RedisServer server;
    static FaultProxy proxy;

    @BeforeAll
    static void startServer() {
        server = RedisServer.start();
        proxy = FaultProxy.to(server.port());
    }

    @AfterAll
    static void stopServer() {
        proxy.close();
        server.close();
    }

    @Override
    protected CacheBackend newBackend(boolean nodeB) {
        return RedisBackend.create(Redis.small(nodeB ? "redis://" + proxy.address() : server.address()).build());
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
