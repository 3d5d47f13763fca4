package io.cachet.memcached;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.ClusterFlightContract;
import io.cachet.testkit.servers.MemcachedServer;
import io.cachet.testkit.servers.TestServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One computation across two nodes sharing a real memcached (a lease by add with a TTL). */
class MemcachedClusterFlightTest extends ClusterFlightContract {
    @RegisterExtension
    static final TestServer<MemcachedServer> server = TestServer.of(MemcachedServer::start);

    @Override
    protected CacheBackend newBackend() {
        return MemcachedBackend.create(MemcachedSettings.builder().servers(server.get().address()).build());
    }

    @Override
    protected String storeName() {
        return "memcached";
    }
}
