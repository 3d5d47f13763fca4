package io.cachet.memcached;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.CachedContractTest;
import io.cachet.testkit.ManualClock;
import io.cachet.testkit.servers.MemcachedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/** {@code @Cached} end to end on two real memcached nodes, one of them killed and restarted. */
class MemcachedCachedTest extends CachedContractTest {
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

    @AfterEach
    void serversUp() {
        if (!first.isAlive()) {
            first.restart();
        }
    }

    @Override
    protected CacheBackend newBackend(ManualClock clock) {
        return MemcachedBackend.create(MemcachedSettings.builder()
                .servers(first.address() + "," + second.address()).maxReconnectDelay(Duration.ofSeconds(1)).build());
    }

    @Override
    protected void stopServer() {
        first.kill();
    }

    @Override
    protected void restartServer() {
        first.restart();
    }
}
