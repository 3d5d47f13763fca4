package io.cachet.memcached;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.ReliabilityContract;
import io.cachet.testkit.servers.MemcachedServer;
import io.cachet.testkit.servers.TestServer;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/** The fault scenarios against a real memcached behind a fault proxy. */
class MemcachedReliabilityTest extends ReliabilityContract {
    @RegisterExtension
    static final TestServer<MemcachedServer> server = TestServer.of(MemcachedServer::start);

    @Override
    protected int serverPort() {
        return server.get().port();
    }

    @Override
    protected CacheBackend backendThrough(String proxyAddress) {
        return MemcachedBackend.create(MemcachedSettings.builder().servers(proxyAddress)
                .maxReconnectDelay(Duration.ofSeconds(1)).build());
    }

    @Override
    protected String storeName() {
        return "memcached";
    }
}
