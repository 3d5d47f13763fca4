package io.cachet.redis;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.BackendContractTest;
import io.cachet.testkit.servers.RedisServer;
import io.cachet.testkit.servers.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backend contract on a real standalone redis-server. */
class RedisStandaloneContractTest extends BackendContractTest {
    @RegisterExtension
    static final TestServer<RedisServer> server = TestServer.of(RedisServer::start);

    @Override
    protected CacheBackend createBackend() {
        return RedisBackend.create(Redis.small(server.get().address()).build());
    }

    @Override
    protected void passTime(Duration ttl) {
        // Redis expires keys itself: the contract waits for it.
    }

    @Test
    void ttl_isSetOnTheServer() {
        join(backend.put(key("ttl"), bytes("v"), Duration.ofSeconds(100)));
        long millis = Long.parseLong(server.get().cli("pttl", key("ttl")));
        assertTrue(millis > 90_000 && millis <= 100_000, "PTTL " + millis);
        join(backend.put(key("ttl"), bytes("v"), null));
        assertEquals("-1", server.get().cli("pttl", key("ttl")), "a write without TTL persists the key");
    }

    @Test
    void clientConfiguredForStrings_stillStoresBytesExactly() {
        org.redisson.config.Config config = Redis.small(server.get().address()).build().toRedissonConfig();
        config.setCodec(StringCodec.INSTANCE);
        RedissonClient strings = Redisson.create(config);
        try (RedisBackend backend = RedisBackend.using(strings)) {
            byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28, 0, (byte) 0xFF, (byte) 0xFE, 10, 13};
            join(backend.put(key("bin"), notUtf8, Duration.ofMinutes(1)));
            assertArrayEquals(notUtf8, join(backend.get(key("bin"))).value());
        } finally {
            strings.shutdown();
        }
    }

    @Test
    void applicationClient_isNotShutDownByTheBackend() {
        RedissonClient own = Redisson.create(Redis.small(server.get().address()).build().toRedissonConfig());
        try {
            RedisBackend.using(own).close();
            assertTrue(!own.isShutdown(), "the application's client stays open");
        } finally {
            own.shutdown();
        }
    }

    @Test
    void globCharactersInANamespace_matchOnlyThemselves() {
        join(backend.put(ns + "a*:1", bytes("star"), null));
        join(backend.put(ns + "ab:1", bytes("other"), null));
        join(backend.put(ns + "a?:1", bytes("question"), null));
        assertEquals(1L, join(backend.clear(ns + "a*:")));
        assertArrayEquals(bytes("other"), read(ns + "ab:1"));
        assertArrayEquals(bytes("question"), read(ns + "a?:1"));
    }
}
