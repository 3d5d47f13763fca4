package io.cachet.redis;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.ReliabilityContract;
import io.cachet.testkit.servers.RedisServer;
import io.cachet.testkit.servers.TestServer;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/** The fault scenarios against a real redis-server behind a fault proxy. */
class RedisReliabilityTest extends ReliabilityContract {
    @RegisterExtension
    static final TestServer<RedisServer> server = TestServer.of(RedisServer::start);

    @Override
    protected int serverPort() {
        return server.get().port();
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
