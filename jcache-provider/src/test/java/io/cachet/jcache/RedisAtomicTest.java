package io.cachet.jcache;

import io.cachet.testkit.servers.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.net.URI;
import java.util.Properties;

/** The atomic contract on a real redis-server, two managers with a client each. */
class RedisAtomicTest extends AtomicContract {
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    URI uri() {
        return URI.create(redis.address());
    }

    @Override
    Properties properties() {
        Properties properties = new Properties();
        properties.setProperty("cachet.redis.threads", "2");
        properties.setProperty("cachet.redis.netty-threads", "2");
        return properties;
    }
}
