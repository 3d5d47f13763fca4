package io.cachet.redis;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.TagContract;
import io.cachet.testkit.servers.RedisServer;
import io.cachet.testkit.servers.TestServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tag invalidation across two nodes sharing a real redis-server (entry and tag versions by one MGET). */
class RedisTagTest extends TagContract {
    @RegisterExtension
    static final TestServer<RedisServer> server = TestServer.of(RedisServer::start);

    @Override
    protected CacheBackend newBackend() {
        return RedisBackend.create(Redis.small(server.get().address()).build());
    }
}
