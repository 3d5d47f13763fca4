package io.cachet.servlet;

import io.cachet.CacheSettings;
import io.cachet.memory.InMemoryBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A deployment whose requests never pass CachetFilter (its web fragment left out): Cachet cannot
 * tell users apart there, so {@code @Cached} resource methods are not cached at all, and one
 * user's answer is never served to another. Beans the resources call are still cached.
 */
class WithoutTheFilterTest {
    static EmbeddedServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = new EmbeddedServer(CacheSettings.builder().build(), InMemoryBackend.create(), Map.of(), false);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(10)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void resourceMethods_areNotCached_soUsersNeverSeeEachOthersAnswers() throws Exception {
        Endpoints endpoints = server.bean(Endpoints.class);
        endpoints.reset();
        HttpResponse<String> ann = get("/api/whoami?x=1", "Authorization", "Bearer ann");
        HttpResponse<String> bob = get("/api/whoami?x=1", "Authorization", "Bearer bob");
        assertEquals(200, bob.statusCode());
        assertTrue(ann.body().contains("ann"), ann.body());
        assertTrue(bob.body().contains("bob"), "bob gets his own answer: " + bob.body());
        assertEquals(2, endpoints.calls("whoami"));
        assertEquals(null, bob.headers().firstValue("X-Cachet").orElse(null));
    }

    @Test
    void beansTheResourcesCall_areStillCached() throws Exception {
        int before = server.bean(Endpoints.class).calls("nested");
        HttpResponse<String> first = get("/api/nested");
        HttpResponse<String> second = get("/api/nested");
        assertEquals(before + 2, server.bean(Endpoints.class).calls("nested"), "the resource method runs each time");
        assertEquals(first.body(), second.body(), "the bean it calls answered from the cache: " + second.body());
        assertTrue(first.body().contains("\"inner\":1"), first.body());
    }
}
