package io.cachet.redis;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.ReliabilityContract;
import io.cachet.testkit.servers.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/** The fault scenarios against a real redis-server behind a fault proxy. */
class RedisReliabilityTest extends ReliabilityContract {
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
    protected int serverPort() {
        return server.port();
    }

    @Override
    protected CacheBackend backendThrough(String proxyAddress) {
        return RedisBackend.create(Redis.small("redis://" + proxyAddress).commandTimeout(Duration.ofMillis(500))
                .connectTimeout(Duration.ofMillis(500)).build());
    }

    @Override
    protected String storeName() {
        return "redis";
    }
}
