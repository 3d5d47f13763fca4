package io.cachet.memcached;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.CachedContractTest;
import io.cachet.testkit.ManualClock;
import io.cachet.testkit.servers.MemcachedServer;
import io.cachet.testkit.servers.TestServer;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/** {@code @Cached} end to end on two real memcached nodes, one of them killed and restarted. */
class MemcachedCachedTest extends CachedContractTest {
    @RegisterExtension
    static final TestServer<MemcachedServer> first = TestServer.of(MemcachedServer::start);
    @RegisterExtension
    static final TestServer<MemcachedServer> second = TestServer.of(MemcachedServer::start);

    @Override
    protected CacheBackend newBackend(ManualClock clock) {
        return MemcachedBackend.create(MemcachedSettings.builder()
                .servers(first.get().address() + "," + second.get().address()).maxReconnectDelay(Duration.ofSeconds(1)).build());
    }

    @Override
    protected void stopServer() {
        first.get().kill();
    }

    @Override
    protected void restartServer() {
        first.get().restart();
    }
}
