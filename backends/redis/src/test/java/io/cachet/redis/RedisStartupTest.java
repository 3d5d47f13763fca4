package io.cachet.redis;

import io.cachet.testkit.Await;
import io.cachet.testkit.servers.RedisServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** A backend created while Redis is down starts (lazily), fails its calls, and works once Redis is up. */
class RedisStartupTest {

    @Test
    void createdWhileRedisIsDown_worksOnceItIsUp() {
        int port = RedisServer.freePort();
        try (RedisBackend backend = RedisBackend.create(Redis.small("redis://127.0.0.1:" + port)
                .connectTimeout(Duration.ofMillis(300)).commandTimeout(Duration.ofMillis(300)).build())) {
            assertThrows(Exception.class, () -> backend.get("k").toCompletableFuture().get(10, TimeUnit.SECONDS));
            try (RedisServer server = RedisServer.startOn(port, List.of())) {
                Await.until("the backend reaches the new server", Duration.ofSeconds(60), () -> {
                    try {
                        backend.put("k", new byte[] {1}, null).toCompletableFuture().get(5, TimeUnit.SECONDS);
                        return backend.get("k").toCompletableFuture().get(5, TimeUnit.SECONDS) != null;
                    } catch (Exception e) {
                        return false;
                    }
                });
            }
        }
    }
}
