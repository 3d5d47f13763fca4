package io.cachet.jcache;

import io.cachet.testkit.servers.MemcachedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.net.URI;

/** The atomic contract on a real memcached, two managers with a client each. */
class MemcachedAtomicTest extends AtomicContract {
    private static MemcachedServer memcached;

    @BeforeAll
    static void startMemcached() {
        memcached = MemcachedServer.start();
    }

    @AfterAll
    static void stopMemcached() {
        memcached.close();
    }

    @Override
    URI uri() {
        return URI.create("memcached://" + memcached.address());
    }
}
