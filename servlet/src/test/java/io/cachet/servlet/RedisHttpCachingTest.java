package io.cachet.servlet;

import io.cachet.redis.RedisBackend;
import io.cachet.redis.RedisSettings;
import io.cachet.testkit.servers.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The HTTP rules on a real redis-server. */
class RedisHttpCachingTest extends HttpCachingContract {
    static RedisServer redis;
    static RedisBackend backend;

    @BeforeAll
    static void startServer() throws Exception {
        redis = RedisServer.start();
        backend = RedisBackend.create(RedisSettings.builder().address(redis.address()).threads(1).nettyThreads(2)
                .build());
        start(backend);
    }

    @AfterAll
    static void stopRedis() {
        backend.close();
        redis.close();
    }
}
