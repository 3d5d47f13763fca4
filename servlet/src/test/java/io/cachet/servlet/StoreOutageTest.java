package io.cachet.servlet;

import io.cachet.CacheSettings;
import io.cachet.CacheStats;
import io.cachet.Cachet;
import io.cachet.redis.RedisBackend;
import io.cachet.redis.RedisSettings;
import io.cachet.testkit.servers.RedisServer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Redis that dies behind both HTTP paths: a {@code @Cached} resource method and whole-response
 * caching go through the one guarded store, so both answer from the application, and both are
 * counted and stopped by the same circuit breaker.
 */
class StoreOutageTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(EmbeddedServer server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void deadStore_bothPathsAnswerFromTheApplication_countedAndCircuitBroken() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            RedisBackend backend = RedisBackend.create(RedisSettings.builder().address(redis.address()).threads(1)
                    .nettyThreads(2).build());
            CacheSettings settings = CacheSettings.builder().backendTimeout(Duration.ofMillis(200)).build();
            try (EmbeddedServer server = new EmbeddedServer(settings, backend,
                    Map.of("cachet.http.response-cache", "/plain/*"))) {
                Cachet cachet = server.bean(Cachet.class);
                assertEquals(200, get(server, "/plain/page").statusCode());
                assertEquals("HIT", get(server, "/plain/page").headers().firstValue("X-Cachet").orElse(null));
                redis.kill();

                CacheStats before = cachet.stats();
                HttpResponse<String> page = get(server, "/plain/page?fresh=1");
                assertEquals(200, page.statusCode());
                assertEquals("MISS", page.headers().firstValue("X-Cachet").orElse(null));
                CacheStats afterPage = cachet.stats();
                assertTrue(afterPage.backendFailures() > before.backendFailures(),
                        "the whole-response path is counted: " + afterPage);

                assertEquals(200, get(server, "/api/item/1").statusCode());
                assertTrue(cachet.stats().backendFailures() > afterPage.backendFailures(),
                        "the @Cached path is counted: " + cachet.stats());

                for (int i = 0; i < 10; i++) {
                    assertEquals(200, get(server, "/plain/page?n=" + i).statusCode());
                }
                assertTrue(cachet.stats().circuitRejections() > 0, "the circuit opened for every path: " + cachet.stats());
            } finally {
                backend.close();
            }
        }
    }
}
