package io.cachet.jcache;

import io.cachet.testkit.servers.RedisServer;
import io.cachet.testkit.servers.TestServer;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.Properties;

/** The atomic contract on a real redis-server, two managers with a client each. */
class RedisAtomicTest extends AtomicContract {
    @RegisterExtension
    static final TestServer<RedisServer> redis = TestServer.of(RedisServer::start);

    @Override
    URI uri() {
        return URI.create(redis.get().address());
    }

    @Override
    Properties properties() {
        Properties properties = new Properties();
        properties.setProperty("cachet.redis.threads", "2");
        properties.setProperty("cachet.redis.netty-threads", "2");
        return properties;
    }
}
