package io.cachet.memcached;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.ClusterFlightContract;
import io.cachet.testkit.servers.MemcachedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One computation across two nodes sharing a real memcached (a lease by add with a TTL). */
class MemcachedClusterFlightTest extends ClusterFlightContract {
    static MemcachedServer server;

    @BeforeAll
    static void startServer() {
        server = MemcachedServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    protected CacheBackend newBackend() {
        return MemcachedBackend.create(MemcachedSettings.builder().servers(server.address()).build());
    }

    @Override
    protected String storeName() {
        return "memcached";
    }
}
