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
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The filter's options (client directives ignored, opt-in POST keyed by body), and its parsers. */
class HttpOptionsTest {
    static EmbeddedServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        // A clock that does not move: max-age is exact.
        server = new EmbeddedServer(CacheSettings.builder().clock(new io.cachet.testkit.ManualClock()).build(),
                InMemoryBackend.create(), Map.of(
                "cachet.http.ignore-client-directives", "true", "cachet.http.methods", "GET, HEAD, POST",
                "cachet.http.credential-headers", "Authorization, Cookie", "cachet.http.max-body-bytes", "16"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void ignoredClientDirectives_noStoreIsServedFromCache() throws Exception {
        send("GET", "/api/item/x", null);
        HttpResponse<String> response = send("GET", "/api/item/x", null, "Cache-Control", "no-store");
        assertEquals("HIT", response.headers().firstValue("X-Cachet").orElse(null));
    }

    @Test
    void optInPost_isKeyedByTheBodyDigest() throws Exception {
        Endpoints endpoints = server.bean(Endpoints.class);
        endpoints.reset();
        HttpResponse<String> first = send("POST", "/api/post", "alpha");
        assertEquals("MISS", first.headers().firstValue("X-Cachet").orElse(null));
        assertTrue(first.body().contains("alpha"), "the application still reads the body: " + first.body());
        assertEquals("HIT", send("POST", "/api/post", "alpha").headers().firstValue("X-Cachet").orElse(null));
        assertEquals("MISS", send("POST", "/api/post", "beta").headers().firstValue("X-Cachet").orElse(null));
        assertEquals(2, endpoints.calls("post"));
    }

    @Test
    void optInPost_largeOrFormBodies_areReadIntactAndNotCached() throws Exception {
        Endpoints endpoints = server.bean(Endpoints.class);
        endpoints.reset();
        String large = "x".repeat(100);
        HttpResponse<String> first = send("POST", "/api/post", large);
        assertTrue(first.body().contains(large), "the whole body reaches the application");
        assertEquals(null, first.headers().firstValue("X-Cachet").orElse(null));
        send("POST", "/api/post", large);
        assertEquals(2, endpoints.calls("post"));
        HttpResponse<String> form = send("POST", "/api/post", "a=1", "Content-Type", "application/x-www-form-urlencoded");
        assertTrue(form.body().contains("a=1"), form.body());
        assertEquals(null, form.headers().firstValue("X-Cachet").orElse(null));
    }

    @Test
    void configuredCredentialHeaders_keyPerUser() throws Exception {
        HttpResponse<String> alice = send("GET", "/api/whoami?x=9", null, "Cookie", "session=alice");
        HttpResponse<String> bob = send("GET", "/api/whoami?x=9", null, "Cookie", "session=bob");
        assertEquals("MISS", bob.headers().firstValue("X-Cachet").orElse(null), "bob never gets alice's entry");
        assertEquals("private, max-age=60", alice.headers().firstValue("Cache-Control").orElse(null));
    }

    @Test
    void responseCoder_refusesWhatItCannotStoreFaithfully() {
        ResponseCoder coder = new ResponseCoder();
        assertTrue(coder.isCacheable(jakarta.ws.rs.core.Response.ok(Map.of("a", 1)).build()));
        assertFalse(coder.isCacheable(jakarta.ws.rs.core.Response.ok("x").header("Cache-Control", "private").build()));
        assertFalse(coder.isCacheable(jakarta.ws.rs.core.Response.ok("x").header("Cache-Control", "no-store").build()));
        assertFalse(coder.isCacheable(jakarta.ws.rs.core.Response.status(404).build()));
        assertFalse(coder.isCacheable(jakarta.ws.rs.core.Response.ok(
                (jakarta.ws.rs.core.StreamingOutput) out -> out.write(1)).build()));
        assertFalse(coder.isCacheable(jakarta.ws.rs.core.Response.ok(new Endpoints.Item("x", 1))
                .type(jakarta.ws.rs.core.MediaType.APPLICATION_XML_TYPE).build()));
    }

    @Test
    void entityTagLists_areParsedPerRfc9110() {
        assertEquals(List.of("\"a\"", "W/\"b\"", "\"c,d\""), EntityTags.parseList(" \"a\" ,W/\"b\",\"c,d\""));
        assertTrue(EntityTags.noneMatchFails(List.of("W/\"x\""), "\"x\""), "weak comparison");
        assertFalse(EntityTags.noneMatchFails(List.of("\"x"), "\"x\""), "unterminated tags match nothing");
        assertEquals(EntityTags.of(new byte[] {1, 2}, 0, 2), EntityTags.of(new byte[] {9, 1, 2}, 1, 2));
    }

    @Test
    void cacheControlDirectives_areCaseInsensitive_andIgnoreQuotedCommas() {
        Set<String> names = RequestDirectives.of(java.util.Collections.enumeration(List.of(
                "Max-Age=0, private=\"a, no-store\"", "NO-CACHE")), null);
        assertEquals(Set.of("max-age", "private", "no-cache"), names);
        assertEquals(Set.of("no-cache"), RequestDirectives.of(java.util.Collections.emptyEnumeration(), "no-cache"));
    }

    @Test
    void badSettings_areNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HttpCacheSettings.fromProperties(Map.of("cachet.http.response-cache-expire", "soon")::get));
        assertTrue(e.getMessage().contains("cachet.http.response-cache-expire"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> HttpCacheSettings.fromProperties(Map.of("cachet.http.response-cache", "static/*")::get));
        e = assertThrows(IllegalArgumentException.class,
                () -> HttpCacheSettings.fromProperties(Map.of("cachet.http.response-cache-shared", "assets")::get));
        assertTrue(e.getMessage().contains("response-cache-shared") && e.getMessage().contains("'assets'"), e.getMessage());
    }

    @Test
    void sharedResponsePatterns_areResponsePatternsToo() {
        HttpCacheSettings settings = HttpCacheSettings.fromProperties(Map.of("cachet.http.response-cache", "/page/*",
                "cachet.http.response-cache-shared", "/assets/*, *.woff2")::get);
        assertEquals(List.of("/assets/*", "*.woff2"), settings.sharedResponsePatterns());
        assertTrue(settings.matchesResponsePattern("/assets/site.css") && settings.matchesResponsePattern("/page/a"));
        assertTrue(settings.matchesSharedResponsePattern("/fonts/a.woff2"));
        assertTrue(!settings.matchesSharedResponsePattern("/page/a"));
        assertEquals(settings.sharedResponsePatterns(), settings.toBuilder().build().sharedResponsePatterns());
    }

    @Test
    void rawUris_thatCouldNameAnotherPath_areAmbiguous() {
        for (String uri : List.of("/account;x.css", "/account%3Bx.css", "/account%3bx.css", "/a%252e%252e/x.css",
                "/a/../b.css", "/a%2fb.css", "//a.css")) {
            assertTrue(CachetFilter.ambiguous(uri), uri);
        }
        assertTrue(!CachetFilter.ambiguous("/assets/site.css"));
    }

    @Test
    void cacheControl_neverNegativeNorNone() {
        assertEquals("max-age=0", ServletExchange.cacheControl(false, false, 0, "no-cache"));
        assertEquals("private, no-cache", ServletExchange.cacheControl(true, false, -1, "no-cache"));
    }
}
