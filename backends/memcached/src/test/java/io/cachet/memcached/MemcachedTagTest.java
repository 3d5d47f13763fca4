package io.cachet.memcached;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.TagContract;
import io.cachet.testkit.servers.MemcachedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Tag invalidation across two nodes sharing two real memcached servers. */
class MemcachedTagTest extends TagContract {
    static MemcachedServer first;
    static MemcachedServer second;

    @BeforeAll
    static void startServers() {
        first = MemcachedServer.start();
        second = MemcachedServer.start();
    }

    @AfterAll
    static void stopServers() {
        first.close();
        second.close();
    }

    @Override
    protected CacheBackend newBackend() {
        return MemcachedBackend.create(MemcachedSettings.builder().servers(first.address() + "," + second.address())
                .build());
    }
}
