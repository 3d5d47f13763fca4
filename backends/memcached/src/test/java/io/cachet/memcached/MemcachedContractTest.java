package io.cachet.memcached;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.Await;
import io.cachet.testkit.BackendContractTest;
import io.cachet.testkit.servers.MemcachedServer;
import io.cachet.testkit.servers.TestServer;
import net.spy.memcached.compat.log.LoggerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backend contract on two real memcached nodes, plus what is particular to memcached. */
class MemcachedContractTest extends BackendContractTest {
    @RegisterExtension
    static final TestServer<MemcachedServer> first = TestServer.of(MemcachedServer::start);
    @RegisterExtension
    static final TestServer<MemcachedServer> second = TestServer.of(MemcachedServer::start);

    static MemcachedSettings.Builder settings() {
        return MemcachedSettings.builder().servers(first.get().address() + "," + second.get().address())
                .maxReconnectDelay(Duration.ofSeconds(1));
    }

    @Override
    protected CacheBackend createBackend() {
        return MemcachedBackend.create(settings().build());
    }

    @Override
    protected void passTime(Duration ttl) {
        // memcached expires items itself, at one-second granularity.
    }

    @Override
    protected Duration shortTtl() {
        return Duration.ofSeconds(1);
    }

    private MemcachedBackend memcached() {
        return (MemcachedBackend) backend;
    }

    @Test
    void keysSpreadOverBothNodes() {
        long before = first.get().items() + second.get().items();
        long firstBefore = first.get().items();
        for (int i = 0; i < 100; i++) {
            join(backend.put(key("spread" + i), bytes("v"), Duration.ofMinutes(1)));
        }
        assertTrue(first.get().items() > firstBefore, "some keys on the first node");
        assertTrue(first.get().items() + second.get().items() - before >= 100);
        assertTrue(second.get().items() > 0, "some keys on the second node");
    }

    @Test
    void clearByAnotherClient_isSeenAtOnce() {
        join(backend.put(ns + "shared:1", bytes("old"), null));
        assertArrayEquals(bytes("old"), read(ns + "shared:1"));
        try (MemcachedBackend other = MemcachedBackend.create(settings().build())) {
            join(other.clear(ns + "shared:"));
        }
        assertNull(read(ns + "shared:1"), "the other JVM's clear applies to this one's next read");
    }

    @Test
    void largeCompressibleValue_isStoredRawWithoutGzip() {
        byte[] value = "a".repeat(100_000).getBytes();
        join(backend.put(key("zip"), value, Duration.ofMinutes(1)));
        String namespace = MemcachedBackend.namespaceOf(key("zip"));
        long version = Long.parseLong(versionOf(namespace));
        String dataKey = MemcachedBackend.dataKey(key("zip"), namespace, version);
        MemcachedServer holder = holderOf(dataKey);
        String header = holder.command("get " + dataKey).split("\r\n")[0];
        assertEquals("VALUE " + dataKey + " 0 100000", header, "flags 0 (no gzip), all 100,000 bytes");
    }

    private String versionOf(String namespace) {
        String versionKey = MemcachedBackend.versionKey(namespace);
        for (MemcachedServer server : List.of(first.get(), second.get())) {
            String[] reply = server.command("get " + versionKey).split("\r\n");
            if (reply[0].startsWith("VALUE")) {
                return reply[1].trim();
            }
        }
        throw new AssertionError("no version counter for " + namespace);
    }

    private MemcachedServer holderOf(String memcachedKey) {
        InetSocketAddress node = (InetSocketAddress) memcached().client().getNodeLocator().getPrimary(memcachedKey)
                .getSocketAddress();
        return node.getPort() == first.get().port() ? first.get() : second.get();
    }

    @Test
    void nodeDown_liveNodeServes_otherKeysFailFast_thenNodeIsUsedAgain() {
        MemcachedBackend backend = memcached();
        join(backend.put(key("warm"), bytes("v"), null)); // learn the namespace version
        String namespace = MemcachedBackend.namespaceOf(key("warm"));
        MemcachedServer versionHolder = holderOf(MemcachedBackend.versionKey(namespace));
        MemcachedServer victim = versionHolder == first.get() ? second.get() : first.get();
        long version = Long.parseLong(versionOf(namespace));
        String onVictim = null;
        String onSurvivor = null;
        for (int i = 0; onVictim == null || onSurvivor == null; i++) {
            String candidate = key("node" + i);
            MemcachedServer holder = holderOf(MemcachedBackend.dataKey(candidate, namespace, version));
            if (holder == victim && onVictim == null) {
                onVictim = candidate;
            } else if (holder != victim && onSurvivor == null) {
                onSurvivor = candidate;
            }
        }
        join(backend.put(onVictim, bytes("victim"), null));
        join(backend.put(onSurvivor, bytes("survivor"), null));
        victim.kill();
        try {
            assertArrayEquals(bytes("survivor"), read(onSurvivor), "keys on the live node are served");
            String lost = onVictim;
            Await.until("operations on the dead node fail", Duration.ofSeconds(10), () -> {
                try {
                    backend.get(lost).toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
                    return false;
                } catch (Exception e) {
                    return true;
                }
            });
        } finally {
            victim.restart();
        }
        String back = onVictim;
        Await.until("the node is used again", Duration.ofSeconds(30), () -> {
            try {
                backend.put(back, bytes("again"), null).toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
                return true;
            } catch (Exception e) {
                return false;
            }
        });
        assertArrayEquals(bytes("again"), read(onVictim));
    }

    @Test
    void versionNodeRestarted_oldEntriesAreNeverServedAgain() {
        join(backend.put(key("old"), bytes("v"), null));
        String namespace = MemcachedBackend.namespaceOf(key("old"));
        MemcachedServer versionHolder = holderOf(MemcachedBackend.versionKey(namespace));
        versionHolder.kill();
        versionHolder.restart(); // empty: the version counter is gone
        try (MemcachedBackend fresh = MemcachedBackend.create(settings().build())) {
            Await.until("the restarted node answers", Duration.ofSeconds(30), () -> {
                try {
                    return fresh.get(key("old")).toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS) == null;
                } catch (Exception e) {
                    return false;
                }
            });
        }
        Await.until("this client sees the new counter", Duration.ofSeconds(30), () -> {
            try {
                return backend.get(key("old")).toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS) == null;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void spymemcachedLogging_goesThroughCachetsLogger() {
        assertEquals(SpyLogger.class.getName(), System.getProperty("net.spy.log.LoggerImpl"));
        assertInstanceOf(SpyLogger.class, LoggerFactory.getLogger("probe"));
    }

    @Test
    void close_endsTheIoThread() {
        backend.close();
        backend = null;
        Await.until("spymemcached's IO threads end", Duration.ofSeconds(10), () -> Thread.getAllStackTraces().keySet()
                .stream().noneMatch(t -> t.getName().startsWith("Memcached IO") && t.isAlive()
                        && t.getName().contains(Integer.toString(first.get().port()))));
    }
}
