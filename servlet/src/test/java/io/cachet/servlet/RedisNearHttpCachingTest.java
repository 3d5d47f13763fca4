package io.cachet.servlet;

import io.cachet.CacheSettings;
import io.cachet.redis.RedisBackend;
import io.cachet.redis.RedisSettings;
import io.cachet.testkit.servers.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every HTTP rule again with the near cache in front of Redis: ETag, 304, per-user scoping unchanged. */
class RedisNearHttpCachingTest extends HttpCachingContract {
    static RedisServer redis;
    static RedisBackend backend;

    @BeforeAll
    static void startServer() throws Exception {
        redis = RedisServer.start();
        backend = RedisBackend.create(RedisSettings.builder().address(redis.address()).threads(1).nettyThreads(2)
                .build());
        start(backend, CacheSettings.builder().clock(CLOCK).nearCache(true));
        io.cachet.testkit.Await.until("the near cache serves", java.time.Duration.ofSeconds(30),
                () -> server.bean(io.cachet.Cachet.class).stores().get(0).near().serving());
    }

    @AfterAll
    static void stopRedis() {
        backend.close();
        redis.close();
    }

    @Test
    void hitsAreAnsweredFromTheNearCache() throws Exception {
        get("/api/item/near");
        long hits = cachet.stores().get(0).near().hits();
        assertEquals("HIT", header(get("/api/item/near"), "X-Cachet"));
        assertTrue(cachet.stores().get(0).near().hits() > hits, "the hit did not go to Redis");
    }
}
