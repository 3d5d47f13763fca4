package io.cachet.redis;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.ClusterFlightContract;
import io.cachet.testkit.servers.RedisServer;
import io.cachet.testkit.servers.TestServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One computation across two nodes sharing a real redis-server (a lease by SET NX PX). */
class RedisClusterFlightTest extends ClusterFlightContract {
    @RegisterExtension
    static final TestServer<RedisServer> server = TestServer.of(RedisServer::start);

    @Override
    protected CacheBackend newBackend() {
        return RedisBackend.create(Redis.small(server.get().address()).build());
    }

    @Override
    protected String storeName() {
        return "redis";
    }
}
