package io.cachet.memcached;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.TagContract;
import io.cachet.testkit.servers.MemcachedServer;
import io.cachet.testkit.servers.TestServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tag invalidation across two nodes sharing two real memcached servers. */
class MemcachedTagTest extends TagContract {
    @RegisterExtension
    static final TestServer<MemcachedServer> first = TestServer.of(MemcachedServer::start);
    @RegisterExtension
    static final TestServer<MemcachedServer> second = TestServer.of(MemcachedServer::start);

    @Override
    protected CacheBackend newBackend() {
        return MemcachedBackend.create(MemcachedSettings.builder().servers(first.get().address() + "," + second.get().address())
                .build());
    }
}
