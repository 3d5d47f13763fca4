package io.cachet.memcached;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.ReliabilityContract;
import io.cachet.testkit.servers.MemcachedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/** The fault scenarios against a real memcached behind a fault proxy. */
class MemcachedReliabilityTest extends ReliabilityContract {
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
    protected int serverPort() {
        return server.port();
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
