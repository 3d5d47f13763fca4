package io.cachet.jcache;

import io.cachet.testkit.servers.MemcachedServer;
import io.cachet.testkit.servers.TestServer;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;

/** The atomic contract on a real memcached, two managers with a client each. */
class MemcachedAtomicTest extends AtomicContract {
    @RegisterExtension
    static final TestServer<MemcachedServer> memcached = TestServer.of(MemcachedServer::start);

    @Override
    URI uri() {
        return URI.create("memcached://" + memcached.get().address());
    }
}
