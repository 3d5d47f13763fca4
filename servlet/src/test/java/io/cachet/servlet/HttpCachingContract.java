package io.cachet.servlet;

import io.cachet.CacheSettings;
import io.cachet.Cachet;
import io.cachet.spi.CacheBackend;
import io.cachet.testkit.ManualClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP caching rules, through a real HTTP client against the embedded Undertow + RESTEasy +
 * Weld stack; each store's test runs all of them.
 */
abstract class HttpCachingContract {
    static final ManualClock CLOCK = new ManualClock();
    static EmbeddedServer server;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Endpoints endpoints;
    Cachet cachet;

    static void start(CacheBackend backend) throws Exception {
        start(backend, CacheSettings.builder().clock(CLOCK));
    }

    /** With these settings (the clock must stay {@link #CLOCK}). */
    static void start(CacheBackend backend, CacheSettings.Builder settings) throws Exception {
        server = new EmbeddedServer(settings.build(), backend,
                Map.of("cachet.http.response-cache", "/plain/*", "cachet.http.response-cache-expire", "30"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void clean() {
        endpoints = server.bean(Endpoints.class);
        cachet = server.bean(Cachet.class);
        endpoints.reset();
        for (String namespace : new String[] {"", "items", "test", "inner", "http"}) {
            cachet.clear(namespace);
        }
        PlainServlet.CALLS.set(0);
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        return send("GET", path, headers);
    }

    static HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("body")
                        : HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void get_missThenHit_withETagCacheControlAndStatusHeader() throws Exception {
        HttpResponse<String> miss = get("/api/item/a");
        assertEquals(200, miss.statusCode());
        assertEquals("MISS", header(miss, "X-Cachet"));
        String etag = header(miss, "ETag");
        assertTrue(etag.matches("\"[A-Za-z0-9_-]{43}\""), "a strong, quoted SHA-256 tag: " + etag);
        assertEquals("max-age=60", header(miss, "Cache-Control"));
        CLOCK.advance(Duration.ofSeconds(15));
        HttpResponse<String> hit = get("/api/item/a");
        assertEquals("HIT", header(hit, "X-Cachet"));
        assertEquals(etag, header(hit, "ETag"), "the same bytes give the same tag on every node");
        assertEquals("max-age=45", header(hit, "Cache-Control"), "the remaining time to live");
        assertEquals(miss.body(), hit.body());
        assertEquals(1, endpoints.calls("item"));
    }

    @Test
    void taggedEndpoint_sendsItsTagsForTheCdn_andInvalidatingATagMakesItAMiss() throws Exception {
        HttpResponse<String> miss = get("/api/product/42");
        assertEquals("MISS", header(miss, "X-Cachet"));
        assertEquals("product:42 catalog", header(miss, "Surrogate-Key"), "space-separated, as Fastly reads them");
        HttpResponse<String> hit = get("/api/product/42");
        assertEquals("HIT", header(hit, "X-Cachet"));
        assertEquals("product:42 catalog", header(hit, "Surrogate-Key"), "a hit sends the same tags");
        HttpResponse<String> notModified = get("/api/product/42", "If-None-Match", header(hit, "ETag"));
        assertEquals(304, notModified.statusCode());
        assertEquals("product:42 catalog", header(notModified, "Surrogate-Key"));
        HttpResponse<String> spaced = get("/api/product/a%20b,c");
        assertEquals("product:a%20b%2Cc catalog", header(spaced, "Surrogate-Key"), "a value's space and comma encoded");

        cachet.invalidateTag("product:42");
        HttpResponse<String> after = get("/api/product/42");
        assertEquals("MISS", header(after, "X-Cachet"));
        assertEquals(3, endpoints.calls("product"), "42, \"a b,c\", and 42 once more after the invalidation");
        assertEquals("HIT", header(get("/api/product/a%20b,c"), "X-Cachet"), "another product keeps its entry");
        cachet.invalidateTag("product:a b,c");
        assertEquals("MISS", header(get("/api/product/a%20b,c"), "X-Cachet"), "invalidated by the tag as rendered");
        assertEquals(null, header(get("/api/item/t"), "Surrogate-Key"), "an untagged method sends none");
    }

    @Test
    void ifNoneMatch_onAHit_is304WithoutBody_andTheMethodDoesNotRun() throws Exception {
        String etag = header(get("/api/item/b"), "ETag");
        HttpResponse<String> notModified = get("/api/item/b", "If-None-Match", etag);
        assertEquals(304, notModified.statusCode());
        assertEquals(etag, header(notModified, "ETag"));
        assertEquals("", notModified.body());
        assertEquals("HIT", header(notModified, "X-Cachet"));
        assertEquals(1, endpoints.calls("item"));
    }

    @Test
    void ifNoneMatch_listsWeakTagsAndStar() throws Exception {
        String etag = header(get("/api/item/c"), "ETag");
        assertEquals(304, get("/api/item/c", "If-None-Match", "\"other\", W/" + etag).statusCode());
        assertEquals(304, get("/api/item/c", "If-None-Match", "\"a,b\", " + etag).statusCode());
        assertEquals(304, get("/api/item/c", "If-None-Match", "*").statusCode());
        assertEquals(200, get("/api/item/c", "If-None-Match", "\"nope\", W/\"nope2\"").statusCode());
    }

    @Test
    void ifNoneMatch_onAMissWhoseNewValueHasTheTag_is304() throws Exception {
        String etag = header(get("/api/item/d"), "ETag");
        cachet.clear("items");
        endpoints.reset(); // the recomputed item is the same: version 1 again
        HttpResponse<String> response = get("/api/item/d", "If-None-Match", etag);
        assertEquals(304, response.statusCode());
        assertEquals("MISS", header(response, "X-Cachet"));
    }

    @Test
    void head_sameHeaders_noBody() throws Exception {
        HttpResponse<String> full = get("/api/item/e");
        HttpResponse<String> head = send("HEAD", "/api/item/e");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(header(full, "ETag"), header(head, "ETag"));
        assertEquals("HIT", header(head, "X-Cachet"));
        assertEquals(1, endpoints.calls("item"));
    }

    @Test
    void noStore_isNeitherServedNorStored() throws Exception {
        get("/api/item/f");
        HttpResponse<String> response = get("/api/item/f", "Cache-Control", "max-age=0, NO-STORE");
        assertNull(header(response, "X-Cachet"));
        assertEquals(2, endpoints.calls("item"));
        cachet.clear("items");
        get("/api/item/f", "Cache-Control", "no-store");
        assertEquals("MISS", header(get("/api/item/f"), "X-Cachet"), "no-store stored nothing");
    }

    @Test
    void noCache_isRecomputedAndStored() throws Exception {
        get("/api/item/g");
        HttpResponse<String> refreshed = get("/api/item/g", "Cache-Control", "no-cache");
        assertEquals("MISS", header(refreshed, "X-Cachet"));
        assertTrue(refreshed.body().contains("\"version\":2"), refreshed.body());
        HttpResponse<String> hit = get("/api/item/g");
        assertEquals("HIT", header(hit, "X-Cachet"));
        assertEquals(refreshed.body(), hit.body(), "the recomputed value was stored");
    }

    @Test
    void post_isNotCached() throws Exception {
        send("POST", "/api/post");
        HttpResponse<String> second = send("POST", "/api/post");
        assertNull(header(second, "X-Cachet"));
        assertEquals(2, endpoints.calls("post"));
    }

    @Test
    void errors_areNeverCached() throws Exception {
        assertEquals(503, get("/api/error").statusCode());
        assertEquals(503, get("/api/error").statusCode());
        assertEquals(2, endpoints.calls("error"));
        assertEquals(500, get("/api/throws").statusCode());
        assertEquals(500, get("/api/throws").statusCode());
        assertEquals(2, endpoints.calls("throws"));
    }

    @Test
    void cachedResponse_keepsStatusEntityAndHeaders() throws Exception {
        HttpResponse<String> miss = get("/api/response");
        HttpResponse<String> hit = get("/api/response");
        assertEquals(203, hit.statusCode());
        assertEquals("kept", header(hit, "X-Custom"));
        assertEquals("{\"a\":1}", hit.body().replace(" ", ""));
        assertTrue(header(hit, "Content-Type").startsWith("application/json"), header(hit, "Content-Type"));
        assertEquals("HIT", header(hit, "X-Cachet"));
        assertEquals(header(miss, "ETag"), header(hit, "ETag"));
        assertEquals(1, endpoints.calls("response"));
    }

    @Test
    void credentials_areKeyedPerUser_andPrivate() throws Exception {
        HttpResponse<String> alice = get("/api/whoami?x=1", "Authorization", "Bearer alice");
        HttpResponse<String> bob = get("/api/whoami?x=1", "Authorization", "Bearer bob");
        assertEquals("\"Bearer alice\"", alice.body());
        assertEquals("\"Bearer bob\"", bob.body(), "never another user's entry");
        assertEquals("private, max-age=60", header(alice, "Cache-Control"));
        assertEquals("HIT", header(get("/api/whoami?x=1", "Authorization", "Bearer alice"), "X-Cachet"));
        HttpResponse<String> anonymous = get("/api/whoami?x=1");
        assertEquals("\"null\"", anonymous.body());
        assertNull(header(anonymous, "X-Cachet"), "perUser, and nothing identifies the caller: not cached");
        get("/api/whoami?x=1");
        assertEquals(4, endpoints.calls("whoami"));
    }

    @Test
    void evict_removesTheEntriesOfEveryUser() throws Exception {
        get("/api/whoami?x=2", "Authorization", "Bearer alice");
        get("/api/whoami?x=2", "Authorization", "Bearer bob");
        get("/api/whoami?x=2");
        assertEquals("HIT", header(get("/api/whoami?x=2", "Authorization", "Bearer bob"), "X-Cachet"));
        assertTrue(cachet.evict(Endpoints.class, "whoami", "2", null));
        assertEquals("MISS", header(get("/api/whoami?x=2", "Authorization", "Bearer alice"), "X-Cachet"));
        assertEquals("MISS", header(get("/api/whoami?x=2", "Authorization", "Bearer bob"), "X-Cachet"));
        assertNull(header(get("/api/whoami?x=2"), "X-Cachet"), "perUser with nobody identifiable is never cached");
        assertEquals(6, endpoints.calls("whoami"));
    }

    @Test
    void sharedEndpoint_isCachedOnceForEveryone_andPublic() throws Exception {
        get("/api/public", "Authorization", "Bearer alice");
        HttpResponse<String> bob = get("/api/public", "Authorization", "Bearer bob");
        assertEquals("HIT", header(bob, "X-Cachet"));
        assertEquals("public, max-age=60", header(bob, "Cache-Control"));
        assertEquals(1, endpoints.calls("public"));
    }

    @Test
    void varyHeaders_keyTheEntry_andAreSent() throws Exception {
        HttpResponse<String> en = get("/api/greeting?x=1", "Accept-Language", "en");
        HttpResponse<String> fr = get("/api/greeting?x=1", "Accept-Language", "fr");
        assertEquals("\"en\"", en.body());
        assertEquals("\"fr\"", fr.body());
        assertEquals("Accept-Language", header(fr, "Vary"));
        assertEquals("HIT", header(get("/api/greeting?x=1", "Accept-Language", "en"), "X-Cachet"));
        assertEquals(2, endpoints.calls("greeting"));
    }

    @Test
    void entryWithoutExpiry_getsTheNoExpiryPolicy() throws Exception {
        assertEquals("no-cache", header(get("/api/forever"), "Cache-Control"));
    }

    @Test
    void nestedCachedCall_onlyTheEndpointReports() throws Exception {
        HttpResponse<String> first = get("/api/nested");
        assertEquals("MISS", header(first, "X-Cachet"));
        assertEquals("max-age=10", header(first, "Cache-Control"));
        assertEquals("HIT", header(get("/api/nested"), "X-Cachet"));
    }

    @Test
    void outsideAnHttpRequest_aResourceMethodRunsUncached() {
        Endpoints.Item first = endpoints.item("direct");
        assertEquals(first.id(), endpoints.item("direct").id());
        assertEquals(2, endpoints.calls("item"), "no request to scope it by: never cached unscoped");
    }

    @Test
    void credentialsAlone_makeAnEntryPerUser_andPrivate() throws Exception {
        HttpResponse<String> alice = get("/api/item/u", "Authorization", "Bearer alice");
        HttpResponse<String> bob = get("/api/item/u", "Authorization", "Bearer bob");
        assertEquals("MISS", header(bob, "X-Cachet"), "bob never gets alice's entry");
        assertEquals("private, max-age=60", header(alice, "Cache-Control"));
        assertEquals("HIT", header(get("/api/item/u", "Authorization", "Bearer alice"), "X-Cachet"));
        assertEquals(2, endpoints.calls("item"));
    }

    @Test
    void hit_sendsTheStoredBytes_withoutWritingTheEntityAgain() throws Exception {
        CountingWriter.WRITES.set(0);
        HttpResponse<String> miss = get("/api/counted");
        HttpResponse<String> hit = get("/api/counted");
        assertEquals("HIT", header(hit, "X-Cachet"));
        assertEquals("counted:1", hit.body());
        assertEquals(header(miss, "Content-Type"), header(hit, "Content-Type"));
        assertEquals(1, CountingWriter.WRITES.get(), "the hit wrote the stored bytes, not the entity");
    }

    @Test
    void missAndHit_agreeByteForByte_inEveryShape() throws Exception {
        for (String path : new String[] {"/api/item/same", "/api/text", "/api/response", "/api/async/a", "/api/map"}) {
            HttpResponse<String> miss = get(path);
            HttpResponse<String> hit = get(path);
            assertEquals("MISS", header(miss, "X-Cachet"), path);
            assertEquals("HIT", header(hit, "X-Cachet"), path);
            assertEquals(miss.body(), hit.body(), path);
            assertEquals(miss.statusCode(), hit.statusCode(), path);
            assertEquals(header(miss, "Content-Type"), header(hit, "Content-Type"), path);
            assertEquals(header(miss, "X-Custom"), header(hit, "X-Custom"), path);
            assertEquals(header(miss, "ETag"), header(hit, "ETag"), path);
        }
    }

    @Test
    void endpointCalledAsABean_whoseKeyNeedsTheRequest_isNotCachedUnderAPlainKey() throws Exception {
        assertEquals("results for a", get("/api/outer-search?q=a").body());
        assertEquals("results for b", get("/api/outer-search?q=b").body(), "never the other URL's answer");
        assertEquals(2, endpoints.calls("search"));
    }

    @Test
    void negotiatedRepresentations_areKeyedByAccept() throws Exception {
        HttpResponse<String> json = get("/api/negotiated", "Accept", "application/json");
        HttpResponse<String> text = get("/api/negotiated", "Accept", "text/plain");
        assertTrue(header(json, "Content-Type").startsWith("application/json"), header(json, "Content-Type"));
        assertTrue(header(text, "Content-Type").startsWith("text/plain"), "never the JSON entry for text: "
                + header(text, "Content-Type"));
        assertTrue(header(text, "Vary").contains("Accept"), header(text, "Vary"));
        assertEquals("HIT", header(get("/api/negotiated", "Accept", "text/plain"), "X-Cachet"));
    }

    @Test
    void notModifiedOnAHit_carriesTheStoredResponsesCacheControl() throws Exception {
        HttpResponse<String> miss = get("/api/revalidated");
        assertEquals("no-cache", header(miss, "Cache-Control"));
        HttpResponse<String> notModified = get("/api/revalidated", "If-None-Match", header(miss, "ETag"));
        assertEquals(304, notModified.statusCode());
        assertEquals("HIT", header(notModified, "X-Cachet"));
        assertEquals("no-cache", header(notModified, "Cache-Control"), "the application's directive, not max-age");
    }

    @Test
    void staleWhileRevalidate_oneRequestRefreshes_theOthersGetStale_andStaleIfErrorAnswersAFailure() throws Exception {
        Endpoints.failing = false;
        HttpResponse<String> miss = get("/api/stale");
        assertEquals("MISS", header(miss, "X-Cachet"));
        assertEquals("max-age=5, stale-while-revalidate=60, stale-if-error=120", header(miss, "Cache-Control"));
        assertEquals("HIT", header(get("/api/stale"), "X-Cachet"));

        CLOCK.advance(Duration.ofSeconds(6));
        Endpoints.entered = new java.util.concurrent.CountDownLatch(1);
        Endpoints.release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CompletableFuture<HttpResponse<String>> refreshing =
                HTTP.sendAsync(HttpRequest.newBuilder(server.uri("/api/stale")).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertTrue(Endpoints.entered.await(30, java.util.concurrent.TimeUnit.SECONDS), "the first stale request refreshes");
        HttpResponse<String> stale = get("/api/stale");
        assertEquals("STALE", header(stale, "X-Cachet"), "the others get the stale answer at once");
        assertEquals(miss.body(), stale.body());
        assertTrue(header(stale, "Cache-Control").startsWith("max-age=0, stale-while-revalidate="),
                header(stale, "Cache-Control"));
        Endpoints.release.countDown();
        HttpResponse<String> refreshed = refreshing.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("MISS", header(refreshed, "X-Cachet"));
        assertTrue(refreshed.body().contains("\"version\":2"), refreshed.body());
        assertEquals(refreshed.body(), get("/api/stale").body());
        assertEquals(2, endpoints.calls("stale"));

        CLOCK.advance(Duration.ofSeconds(5 + 61)); // past the revalidate window, inside stale-if-error
        Endpoints.failing = true;
        HttpResponse<String> failed = get("/api/stale");
        assertEquals(200, failed.statusCode());
        assertEquals("STALE", header(failed, "X-Cachet"));
        assertEquals(refreshed.body(), failed.body(), "the stale answer stands in for the failure");
        assertEquals(1, cachet.stats().staleOnError());
        Endpoints.failing = false;
    }

    @Test
    void plainServlet_wholeResponseCaching() throws Exception {
        io.cachet.CacheStats before = cachet.stats("http");
        HttpResponse<String> miss = get("/plain/page?q=1");
        assertEquals("MISS", header(miss, "X-Cachet"));
        assertEquals("plain", header(miss, "X-App"));
        HttpResponse<String> hit = get("/plain/page?q=1");
        assertEquals("HIT", header(hit, "X-Cachet"));
        assertEquals(miss.body(), hit.body());
        assertEquals("plain", header(hit, "X-App"));
        assertTrue(header(hit, "Content-Type").startsWith("text/plain"));
        assertEquals("max-age=30", header(hit, "Cache-Control"));
        assertEquals(1, PlainServlet.CALLS.get());
        assertEquals(1, cachet.stats("http").hits() - before.hits(), "whole responses count in namespace http");
        assertEquals(1, cachet.stats("http").misses() - before.misses());
        assertTrue(cachet.namespaces().contains("http"));
        HttpResponse<String> notModified = get("/plain/page?q=1", "If-None-Match", header(miss, "ETag"));
        assertEquals(304, notModified.statusCode());
        assertEquals("", notModified.body());
        HttpResponse<String> head = send("HEAD", "/plain/page?q=1");
        assertEquals("", head.body());
        assertEquals(header(miss, "ETag"), header(head, "ETag"));
        assertNotEquals(miss.body(), get("/plain/page?q=2").body(), "the query is part of the key");
    }

    @Test
    void plainServlet_headFirst_doesNotStoreAnEmptyBody() throws Exception {
        HttpResponse<String> head = send("HEAD", "/plain/head-first");
        assertEquals("", head.body());
        HttpResponse<String> get = get("/plain/head-first");
        assertTrue(get.body().startsWith("plain response"), "a full body, not the HEAD's: " + get.body());
        assertEquals("MISS", header(get, "X-Cachet"));
        assertEquals("HIT", header(get("/plain/head-first"), "X-Cachet"));
    }

    @Test
    void plainServlet_responseThatVaries_isNotStored() throws Exception {
        get("/plain/vary", "Accept-Language", "en");
        HttpResponse<String> fr = get("/plain/vary", "Accept-Language", "fr");
        assertTrue(fr.body().endsWith(" in fr"), fr.body());
        assertEquals("MISS", header(get("/plain/vary", "Accept-Language", "en"), "X-Cachet"));
        assertEquals(3, PlainServlet.CALLS.get());
    }

    @Test
    void plainServlet_noStoreOnAnyCacheControlLine_isNotStored() throws Exception {
        get("/plain/no-store");
        assertEquals("MISS", header(get("/plain/no-store"), "X-Cachet"));
        assertEquals(2, PlainServlet.CALLS.get());
    }

    @Test
    void plainServlet_asyncResponse_isSentWhole_andNeverStored() throws Exception {
        int calls = 0;
        for (String path : new String[] {"/plain/async", "/plain/async-done-first"}) {
            HttpResponse<String> first = get(path);
            assertEquals("async response " + ++calls, first.body(), "the body written later reaches the client");
            HttpResponse<String> second = get(path);
            assertEquals("async response " + ++calls, second.body(), "never stored, whenever it completes");
            assertNotEquals("HIT", header(second, "X-Cachet"));
        }
    }

    @Test
    void plainServlet_ambiguousRawPaths_bypassTheCache() throws Exception {
        for (String path : new String[] {"/plain/page;x.css", "/plain/a/%2e/page", "/plain/a/./page"}) {
            get(path);
            HttpResponse<String> again = get(path);
            assertEquals(null, header(again, "X-Cachet"), path + " is neither served from nor stored in the cache");
        }
        assertEquals("MISS", header(get("/plain/page"), "X-Cachet"), "the canonical path is cached apart");
    }

    @Test
    void plainServlet_rangeRequests_areNotStored() throws Exception {
        get("/plain/ranged", "Range", "bytes=0-3");
        assertEquals("MISS", header(get("/plain/ranged"), "X-Cachet"));
    }

    @Test
    void plainServlet_responsesSettingCookies_areNotCached() throws Exception {
        get("/plain/cookie");
        HttpResponse<String> second = get("/plain/cookie");
        assertEquals("MISS", header(second, "X-Cachet"));
        assertEquals(2, PlainServlet.CALLS.get());
        assertFalse(second.headers().allValues("Set-Cookie").isEmpty());
    }
}
