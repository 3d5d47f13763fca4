package io.cachet.redis;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.ClusterFlightContract;
import io.cachet.testkit.servers.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One computation across two nodes sharing a real redis-server (a lease by SET NX PX). */
class RedisClusterFlightTest extends ClusterFlightContract {
    static RedisServer server;

    @BeforeAll
    static void startServer() {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    protected CacheBackend newBackend() {
        return RedisBackend.create(Redis.small(server.address()).build());
    }

    @Override
    protected String storeName() {
        return "redis";
    }
}
