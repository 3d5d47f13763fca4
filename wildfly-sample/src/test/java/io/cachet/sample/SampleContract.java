package io.cachet.sample;

import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample end to end, against the real WildFly: every endpoint of fastapi-cache's example, MISS
 * then HIT, expiry, clear, and the HTTP rules. Expiry uses the server's real clock, so those tests
 * wait for the entry's own TTL (1-2 s) to pass, as a condition, not a guessed sleep.
 */
abstract class SampleContract {
    /**
     * HTTP/1.1: the JDK client otherwise asks every server to upgrade to HTTP/2 in clear text
     * (h2c), and on Open Liberty a 304 over such a connection never ended its stream.
     */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    abstract SampleServer server();

    HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server().uri(path)).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        // bounded as a whole, body included: a response that never ends fails the test, it does not hang the build
        return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).get(60, java.util.concurrent.TimeUnit.SECONDS);
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        return send("GET", path, headers);
    }

    static String status(HttpResponse<?> response) {
        return response.headers().firstValue("X-Cachet").orElse(null);
    }

    static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void syncMe_missThenHit() throws Exception {
        get("/clear");
        HttpResponse<String> miss = get("/sync-me");
        assertEquals("42", miss.body());
        assertEquals("MISS", status(miss));
        HttpResponse<String> hit = get("/sync-me");
        assertEquals("HIT", status(hit));
        assertEquals(header(miss, "ETag"), header(hit, "ETag"));
        assertEquals("no-cache", header(hit, "Cache-Control"), "no expiry: revalidate every time");
    }

    @Test
    void index_cachedCallInsideCachedCall_andClear() throws Exception {
        get("/clear");
        HttpResponse<String> first = get("/");
        assertEquals("MISS", status(first));
        assertTrue(first.body().matches("\\{\"ret\":\\d+}"), first.body());
        HttpResponse<String> second = get("/");
        assertEquals("HIT", status(second));
        assertEquals(first.body(), second.body());
        assertTrue(header(second, "Cache-Control").matches("max-age=(9|10)"), header(second, "Cache-Control"));
        long cleared = Long.parseLong(get("/clear").body());
        assertTrue(cleared >= 2 || cleared == -1, "the outer and the inner entry: " + cleared);
        assertEquals("MISS", status(get("/")));
    }

    @Test
    void datetime_expiresAfterTwoSeconds() throws Exception {
        get("/clear");
        HttpResponse<String> first = get("/datetime");
        assertEquals("MISS", status(first));
        assertTrue(first.body().startsWith("{\"now\":\""), first.body());
        assertEquals(first.body(), get("/datetime").body());
        io.cachet.testkit.Await.until("the 2 s entry expires", Duration.ofSeconds(20), () -> {
            try {
                return "MISS".equals(status(get("/datetime")));
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void date_isALocalDate() throws Exception {
        HttpResponse<String> response = get("/date");
        assertTrue(response.body().matches("\"\\d{4}-\\d{2}-\\d{2}\""), response.body());
    }

    @Test
    void kwargs_cachedBeanCall_noStatusHeader() throws Exception {
        HttpResponse<String> response = get("/kwargs?name=alice");
        assertEquals("{\"name\":\"alice\"}", response.body());
        assertNull(status(response), "a plain bean's cache is not an endpoint cache");
        assertEquals("{\"name\":\"bob\"}", get("/kwargs?name=bob").body());
    }

    @Test
    void cacheResponseObj_isARealResponse_cached() throws Exception {
        get("/clear");
        assertEquals("MISS", status(get("/cache_response_obj")));
        HttpResponse<String> hit = get("/cache_response_obj");
        assertEquals(200, hit.statusCode());
        assertEquals("{\"a\":1}", hit.body());
        assertEquals("HIT", status(hit));
        assertTrue(header(hit, "Content-Type").startsWith("application/json"));
    }

    @Test
    void method_ofABeanInstance() throws Exception {
        get("/method");
        HttpResponse<String> hit = get("/method");
        assertEquals("17", hit.body());
        assertEquals("HIT", status(hit));
    }

    @Test
    void pydanticInstance_comesBackAsTheModel() throws Exception {
        get("/clear");
        HttpResponse<String> miss = get("/pydantic_instance");
        HttpResponse<String> hit = get("/pydantic_instance");
        assertEquals("HIT", status(hit));
        assertEquals(miss.body(), hit.body());
        assertTrue(hit.body().contains("\"name\":\"Something\"") && hit.body().contains("\"price\":10.5"), hit.body());
    }

    @Test
    void uncachedPut_countsUp() throws Exception {
        String first = send("PUT", "/uncached_put").body();
        String second = send("PUT", "/uncached_put").body();
        assertNotEquals(first, second);
        assertNull(status(send("PUT", "/uncached_put")));
    }

    @Test
    void etag_304_andHead() throws Exception {
        String etag = header(get("/sync-me"), "ETag");
        HttpResponse<String> notModified = get("/sync-me", "If-None-Match", etag);
        assertEquals(304, notModified.statusCode());
        assertEquals("", notModified.body());
        HttpResponse<String> head = send("HEAD", "/sync-me");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(etag, header(head, "ETag"));
    }

    @Test
    void jcacheApi_andCacheResult_onTheSameStore() throws Exception {
        HttpRequest put = HttpRequest.newBuilder(server().uri("/jcache/notes/n1"))
                .PUT(HttpRequest.BodyPublishers.ofString("remember")).build();
        assertEquals(200, HTTP.send(put, HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals("{\"n1\":\"remember\"}", get("/jcache/notes/n1").body());
        assertEquals(404, get("/jcache/notes/absent").statusCode());
        String first = get("/jcache/greeting/ada").body();
        assertTrue(first.contains("Hello ada"), first);
        assertEquals(first, get("/jcache/greeting/ada").body(), "@CacheResult served the cached greeting");
    }

    @Test
    void noStore_andNoCache() throws Exception {
        get("/clear");
        get("/pydantic_instance");
        assertNull(status(get("/pydantic_instance", "Cache-Control", "no-store")));
        assertEquals("MISS", status(get("/pydantic_instance", "Cache-Control", "no-cache")));
        assertEquals("HIT", status(get("/pydantic_instance")));
    }
}
