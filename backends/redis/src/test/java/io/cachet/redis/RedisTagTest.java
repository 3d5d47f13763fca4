package io.cachet.redis;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.TagContract;
import io.cachet.testkit.servers.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Tag invalidation across two nodes sharing a real redis-server (entry and tag versions by one MGET). */
class RedisTagTest extends TagContract {
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
}
