package io.cachet.sample;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP cache on resources written as applications write them ({@code io.cachet.sample.shapes}):
 * never one user's answer to another, never one resource's answer for another.
 */
abstract class ResourceShapesContract extends SampleContract {

    private static String basic(String user) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":secret-" + user).getBytes());
    }

    @Test
    void management_anonymousIs401_anotherUserIs403_theOperatorReadsClearsAndInvalidates() throws Exception {
        assertEquals(401, get("/cachet/stats").statusCode(), "anonymous: the container's constraint answers");
        assertEquals(401, send("POST", "/cachet/clear?namespace=products").statusCode());
        assertEquals(403, get("/cachet/stats", "Authorization", basic("alice")).statusCode(), "alice is not cachet-admin");

        String operator = basic("operator");
        long id = System.nanoTime() % 1_000_000;
        HttpResponse<String> product = get("/shapes/product/" + id);
        assertEquals("MISS", status(product));
        assertEquals("product:" + id + " catalog", header(product, "Surrogate-Key"), "the CDN gets the tags");
        assertEquals("HIT", status(get("/shapes/product/" + id)));

        HttpResponse<String> stats = get("/cachet/stats", "Authorization", operator);
        assertEquals(200, stats.statusCode(), stats.body());
        assertTrue(stats.body().contains("\"products\":{\"hits\":"), stats.body());
        HttpResponse<String> stores = get("/cachet/stores", "Authorization", operator);
        assertTrue(stores.body().contains("\"circuit\":\"closed\""), stores.body());

        assertEquals(403, send("POST", "/cachet/invalidate?tag=product:" + id, "Authorization", operator).statusCode(),
                "a changing call without X-Requested-By, as a cross-site form sends");
        assertEquals(200, send("POST", "/cachet/invalidate?tag=product:" + id, "Authorization", operator,
                "X-Requested-By", "it").statusCode());
        HttpResponse<String> after = get("/shapes/product/" + id);
        assertEquals("MISS", status(after), "invalidated by its tag");
        assertNotEquals(product.body(), after.body());
        assertEquals("HIT", status(get("/shapes/product/" + id)));
        HttpResponse<String> cleared = send("POST", "/cachet/clear?namespace=products", "Authorization", operator,
                "X-Requested-By", "it");
        assertEquals(200, cleared.statusCode(), cleared.body());
        assertEquals("MISS", status(get("/shapes/product/" + id)), "the namespace was cleared");
    }

    @Test
    void interfaceAnnotations_aliceThenBob_eachGetsTheirOwnEntry() throws Exception {
        HttpResponse<String> alice = get("/shapes/account", "Authorization", "Bearer alice");
        assertTrue(alice.body().contains("\"owner\":\"alice\""), alice.body());
        assertEquals("MISS", status(alice), "an endpoint, though its annotations are on the interface");
        assertTrue(header(alice, "ETag") != null);
        assertTrue(header(alice, "Cache-Control").startsWith("private"), header(alice, "Cache-Control"));
        HttpResponse<String> bob = get("/shapes/account", "Authorization", "Bearer bob");
        assertTrue(bob.body().contains("\"owner\":\"bob\""), bob.body());
        HttpResponse<String> again = get("/shapes/account", "Authorization", "Bearer alice");
        assertEquals("HIT", status(again));
        assertEquals(alice.body(), again.body());
    }

    @Test
    void containerAuthenticatedUsers_theServletPrincipal_eachGetTheirOwnEntry() throws Exception {
        String alice = "Basic " + java.util.Base64.getEncoder().encodeToString("alice:secret-alice".getBytes());
        String bob = "Basic " + java.util.Base64.getEncoder().encodeToString("bob:secret-bob".getBytes());
        assertEquals(401, get("/shapes/secure/me").statusCode(), "the container authenticates");
        // The container keeps the authenticated identity in a session; a response that creates one
        // is not stored, so the client sends its session cookie back, as browsers do.
        HttpResponse<String> login = get("/shapes/secure/me", "Authorization", alice);
        String session = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElse("x=y");
        HttpResponse<String> first = get("/shapes/secure/me", "Authorization", alice, "Cookie", session);
        assertTrue(first.body().startsWith("alice "), first.body());
        HttpResponse<String> other = get("/shapes/secure/me", "Authorization", bob, "Cookie", session);
        assertTrue(other.body().startsWith("bob "), "never alice's entry, even with her session cookie: "
                + other.body());
        HttpResponse<String> again = get("/shapes/secure/me", "Authorization", alice, "Cookie", session);
        assertEquals("HIT", status(again));
        assertEquals(first.body(), again.body());
        assertTrue(header(again, "Cache-Control").startsWith("private"), header(again, "Cache-Control"));
    }

    @Test
    void apiKeyUser_knownOnlyToAJaxRsFilter_isCachedPerUser() throws Exception {
        HttpResponse<String> first = get("/shapes/account", "X-Api-Key", "k1");
        HttpResponse<String> second = get("/shapes/account", "X-Api-Key", "k2");
        assertTrue(first.body().contains("\"owner\":\"key:k1\""), first.body());
        assertTrue(second.body().contains("\"owner\":\"key:k2\""), second.body());
        assertTrue(header(second, "Cache-Control").startsWith("private"), header(second, "Cache-Control"));
        assertEquals("HIT", status(get("/shapes/account", "X-Api-Key", "k1")));
    }

    @Test
    void cookieUser_isCachedPerUser() throws Exception {
        HttpResponse<String> carol = get("/shapes/account", "Cookie", "token=carol");
        HttpResponse<String> dave = get("/shapes/account", "Cookie", "token=dave");
        assertTrue(carol.body().contains("\"owner\":\"carol\""), carol.body());
        assertTrue(dave.body().contains("\"owner\":\"dave\""), dave.body());
        assertTrue(header(dave, "Cache-Control").startsWith("private"), header(dave, "Cache-Control"));
    }

    @Test
    void anonymousCallers_shareTheirEntry_withoutPrivate() throws Exception {
        get("/shapes/account");
        HttpResponse<String> again = get("/shapes/account");
        assertTrue(again.body().contains("\"owner\":\"anonymous\""), again.body());
        assertEquals("HIT", status(again));
        assertTrue(header(again, "Cache-Control").startsWith("max-age="), header(again, "Cache-Control"));
    }

    @Test
    void pathParamField_id1ThenId2_eachItsOwn() throws Exception {
        assertEquals("{\"id\":1,\"name\":\"user 1\"}", get("/shapes/user/1").body());
        assertEquals("{\"id\":2,\"name\":\"user 2\"}", get("/shapes/user/2").body());
        assertEquals("{\"id\":1,\"name\":\"user 1 with x\"}", get("/shapes/user/1?fields=x").body(),
                "a @QueryParam field keys it too");
        HttpResponse<String> again = get("/shapes/user/1");
        assertEquals("HIT", status(again));
        assertEquals("{\"id\":1,\"name\":\"user 1\"}", again.body());
    }

    @Test
    void genericFacade_usersThenOrders_neverShareAnEntry() throws Exception {
        assertTrue(get("/shapes/users").body().contains("alice"));
        HttpResponse<String> orders = get("/shapes/orders");
        assertTrue(orders.body().contains("book"), orders.body());
        assertEquals("2", get("/shapes/users/count").body());
        assertEquals("3", get("/shapes/orders/count").body());
        HttpResponse<String> hit = get("/shapes/orders");
        assertEquals("HIT", status(hit));
        assertEquals(orders.body(), hit.body());
    }

    @Test
    void facadeCalledAsABean_returnsItsTypedValue_onAHitToo() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = get("/shapes/first-user");
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("alice", response.body(), "List<User>, not a list of maps");
            assertNull(status(response), "a bean call: the outer response is not the inner endpoint's");
            assertNull(header(response, "ETag"));
        }
    }

    @Test
    void endpointCalledByAnotherResource_leavesTheOuterResponseAlone() throws Exception {
        get("/shapes/outer");
        HttpResponse<String> outer = get("/shapes/outer");
        assertEquals("orders: 3", outer.body());
        assertNull(status(outer));
        assertNull(header(outer, "ETag"));
        assertNull(header(outer, "Cache-Control"));
    }

    @Test
    void sessionUser_isCachedPerSession() throws Exception {
        String alice = sessionOf("erin");
        String bob = sessionOf("frank");
        assertEquals("erin", get("/shapes/session/me", "Cookie", alice).body());
        assertEquals("frank", get("/shapes/session/me", "Cookie", bob).body());
        assertEquals("null", get("/shapes/session/me").body(), "no session: no user");
        HttpResponse<String> again = get("/shapes/session/me", "Cookie", alice);
        assertEquals("erin", again.body());
        assertEquals("HIT", status(again));
        assertTrue(header(again, "Cache-Control").startsWith("private"), header(again, "Cache-Control"));
    }

    @Test
    void sessionUser_afterLogout_theOldCookieNeverReachesTheUsersEntry() throws Exception {
        String cookie = sessionOf("heidi");
        assertEquals("heidi", get("/shapes/session/me", "Cookie", cookie).body());
        assertEquals("HIT", status(get("/shapes/session/me", "Cookie", cookie)));
        assertEquals("bye", get("/shapes/session/logout", "Cookie", cookie).body());
        HttpResponse<String> after = get("/shapes/session/me", "Cookie", cookie);
        assertEquals("null", after.body(), "the session ended: the application answers for nobody");
        assertNotEquals("HIT", status(after));
    }

    @Test
    void perUserWithNobodyIdentifiable_aTenantInARequestScopedBean_isNeverShared() throws Exception {
        assertEquals("catalogue of acme", get("/shapes/tenant/per-user", "X-Tenant-ID", "acme").body());
        HttpResponse<String> globex = get("/shapes/tenant/per-user", "X-Tenant-ID", "globex");
        assertEquals("catalogue of globex", globex.body(), "never acme's catalogue");
        assertNull(status(globex), "nothing tells the two apart, so it is not cached");
        assertEquals("catalogue of acme", get("/shapes/tenant/by-header", "X-Tenant-ID", "acme").body());
        assertEquals("catalogue of globex", get("/shapes/tenant/by-header", "X-Tenant-ID", "globex").body());
        HttpResponse<String> hit = get("/shapes/tenant/by-header", "X-Tenant-ID", "acme");
        assertEquals("HIT", status(hit), "declared vary: keyed by the header");
        assertEquals("catalogue of acme", hit.body());
    }

    @Test
    void applicationCacheControl_onAPerUserAnswer_isMadePrivate() throws Exception {
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> alice = get("/shapes/restricted/own-cache-control", "Authorization", "Bearer alice");
            assertEquals("for alice", alice.body());
            String cacheControl = header(alice, "Cache-Control");
            assertTrue(cacheControl.startsWith("private"), "a CDN must not share alice's answer: " + cacheControl);
            assertTrue(!cacheControl.contains("public") && !cacheControl.contains("s-maxage"), cacheControl);
            assertTrue(cacheControl.contains("max-age=30"), "the application's own max-age stands: " + cacheControl);
        }
    }

    /** Logs {@code user} in; the session cookie. */
    private String sessionOf(String user) throws Exception {
        HttpResponse<String> login = get("/shapes/session/login?user=" + user);
        String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .findFirst().orElseThrow(() -> new AssertionError("no session cookie: " + login.headers()));
        return cookie.substring(0, cookie.indexOf(';'));
    }

    @Test
    void varyFromTheApplication_keysTheEntry_andIsReplayedOnAHit() throws Exception {
        HttpResponse<String> en = get("/shapes/greeting", "Accept-Language", "en");
        assertEquals("Hello", en.body());
        HttpResponse<String> fr = get("/shapes/greeting", "Accept-Language", "fr");
        assertEquals("Bonjour", fr.body(), "never the English answer for French");
        HttpResponse<String> hit = get("/shapes/greeting", "Accept-Language", "en");
        assertEquals("Hello", hit.body());
        assertEquals("HIT", status(hit));
        assertEquals("Accept-Language", header(hit, "Vary"));
        assertEquals("Bonjour", get("/shapes/greeting", "Accept-Language", "fr").body());
    }

    @Test
    void noStoreFromAResponseFilter_isNeverStored_andKept() throws Exception {
        HttpResponse<String> first = get("/shapes/restricted/filtered");
        HttpResponse<String> second = get("/shapes/restricted/filtered");
        assertNotEquals(first.body(), second.body(), "computed each time");
        assertEquals("MISS", status(second));
        assertEquals("no-store", header(second, "Cache-Control"), "the application's directive stands");
        assertNull(header(second, "ETag"));
    }

    @Test
    void privateOnTheServletResponse_isNotSharedBetweenAnonymousCallers() throws Exception {
        HttpResponse<String> first = get("/shapes/restricted/servlet");
        HttpResponse<String> second = get("/shapes/restricted/servlet");
        assertNotEquals(first.body(), second.body());
        assertEquals("private", header(second, "Cache-Control"));
    }

    @Test
    void wholeResponse_pathParameterTrick_isNeverCached() throws Exception {
        String alice = sessionOf("grace");
        HttpResponse<String> victim = get("/shapes/profile;x.css", "Cookie", alice);
        assertEquals("profile of grace", victim.body());
        HttpResponse<String> attacker = get("/shapes/profile;x.css");
        assertEquals("profile of nobody", attacker.body(), "web cache deception: the victim's page is not served");
        assertNull(status(attacker));
    }

    @Test
    void wholeResponse_isCachedByUrl_andHostAThenB_eachItsOwn() throws Exception {
        get("/shapes/page/home");
        assertEquals("HIT", status(get("/shapes/page/home")), "whole-response caching is on for this pattern");
        String a = rawGet("/shapes/page/where", "a.example");
        String b = rawGet("/shapes/page/where", "b.example");
        assertTrue(a.contains("page for a.example"), a);
        assertTrue(b.contains("page for b.example"), "host B never gets host A's page: " + b);
        assertTrue(rawGet("/shapes/page/where", "a.example").toLowerCase(java.util.Locale.ROOT).contains("x-cachet: hit"));
    }

    @Test
    void wholeResponse_sendErrorAndAMissingFile_passThroughUntouched() throws Exception {
        for (int i = 0; i < 2; i++) {
            assertEquals(403, get("/shapes/page/forbidden").statusCode(), "never a 500 'Stream is closed'");
            assertEquals(404, get("/shapes/page/missing").statusCode());
            HttpResponse<String> missing = get("/assets/no-such-file.css");
            assertEquals(404, missing.statusCode());
            assertNotEquals("HIT", status(missing), "an error is never stored");
        }
    }

    @Test
    void wholeResponse_headOnAMiss_sendsTheLengthGetSends() throws Exception {
        String path = "/shapes/page/head-" + System.nanoTime();
        HttpResponse<String> head = send("HEAD", path);
        assertEquals(200, head.statusCode());
        HttpResponse<String> get = get(path);
        assertEquals(String.valueOf(get.body().getBytes(StandardCharsets.UTF_8).length), header(head, "Content-Length"),
                "HEAD declares the length GET sends");
        assertEquals(header(get, "Content-Length"), header(send("HEAD", path), "Content-Length"), "and on a hit");
        String asset = "/assets/site.css?v=" + System.nanoTime();
        HttpResponse<String> file = send("HEAD", asset); // a miss; a file server declares the length itself
        assertEquals(String.valueOf(get(asset).body().length()), header(file, "Content-Length"));
    }

    @Test
    void wholeResponse_encodedSemicolonOrPercent_isNeverCached() throws Exception {
        for (String path : java.util.List.of("/shapes/page/a%3Bx.css", "/shapes/page/a%25b")) {
            get(path);
            HttpResponse<String> again = get(path);
            assertEquals(200, again.statusCode(), path);
            assertNull(status(again), path + " could be read as another path: never served from the cache");
        }
    }

    @Test
    void sharedStaticFiles_visitorsWithAnalyticsCookies_shareOneEntry() throws Exception {
        HttpResponse<String> first = get("/assets/site.css", "Cookie", "_ga=GA1.1." + System.nanoTime());
        assertEquals(200, first.statusCode());
        assertTrue(first.body().contains(".cachet"), first.body());
        HttpResponse<String> other = get("/assets/site.css", "Cookie", "_ga=GA1.1.other" + System.nanoTime());
        assertEquals("HIT", status(other), "another visitor's cookie does not make a file per user");
        assertEquals(first.body(), other.body());
        assertTrue(!String.valueOf(header(other, "Cache-Control")).contains("private"), header(other, "Cache-Control"));
        HttpResponse<String> signedIn = get("/assets/site.css", "Authorization", "Bearer alice");
        assertEquals(first.body(), signedIn.body());
        assertTrue(header(signedIn, "Cache-Control").startsWith("private"), "a credential still makes it per user");
    }

    /** What one kind of body must look like. */
    private record Body(String path, String contentType, String contains) {
    }

    /**
     * Whether the server gives applications Jackson (WildFly, Payara): the sample's Jackson writer
     * uses the server's; Open Liberty has none, so that body is written by JSON-B there.
     */
    boolean serverHasJackson() {
        return true;
    }

    @Test
    void everyKindOfBody_aHitAnswersByteForByteWhatTheMissAnswered() throws Exception {
        for (Body expected : java.util.List.of(
                new Body("/shapes/repr/jsonb", "application/json", "\"firstName\":\"Ada\""),
                new Body("/shapes/repr/snake", "application/json", "\"first_name\":\"Ada\""),
                new Body("/shapes/repr/snake-response", "application/json", "\"first_name\":\"Grace\""),
                new Body("/shapes/repr/jackson", "application/json", "\"doc_id\":"),
                new Body("/shapes/repr/xml", "application/xml", "<note id=\""),
                new Body("/shapes/repr/xml-response", "application/xml", "<note id=\""),
                new Body("/shapes/repr/text", "text/plain", "plain text "),
                new Body("/shapes/repr/async", "application/json", "\"firstName\":\"Async\""),
                new Body("/shapes/repr/map", "application/json", "{\"zeta\":"))) {
            String path = expected.path();
            if (path.endsWith("/jackson") && !serverHasJackson()) {
                expected = new Body(path, "application/json", "\"title\":\"through Jackson\""); // JSON-B's names
            }
            HttpResponse<String> miss = get(path);
            HttpResponse<String> hit = get(path);
            assertEquals("MISS", status(miss), path);
            assertEquals("HIT", status(hit), path);
            assertTrue(miss.body().contains(expected.contains()), path + ": " + miss.body());
            assertEquals(miss.body(), hit.body(), path + ": the hit's bytes are the miss's");
            assertTrue(header(hit, "Content-Type").startsWith(expected.contentType()), path + ": "
                    + header(hit, "Content-Type"));
            assertEquals(header(miss, "Content-Type"), header(hit, "Content-Type"), path);
            assertEquals(header(miss, "ETag"), header(hit, "ETag"), path);
            assertEquals(header(miss, "X-Kind"), header(hit, "X-Kind"), path);
            assertEquals(304, get(path, "If-None-Match", header(miss, "ETag")).statusCode(), path);
        }
    }

    /** A GET with a chosen {@code Host} header (HttpClient does not let a test set one). */
    String rawGet(String path, String host) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server().uri("/").getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            return response.toString(StandardCharsets.UTF_8);
        }
    }

    /** {@code method} with a text body. */
    private HttpResponse<String> write(String method, String path, String body, String... headers) throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(server().uri(path))
                .timeout(java.time.Duration.ofSeconds(20)).header("Content-Type", "text/plain")
                .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).get(60, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void put_invalidatesTheTargetUri_forEveryUser() throws Exception {
        String path = "/shapes/memos/" + java.util.UUID.randomUUID();
        String alice = basic("alice");
        assertEquals(204, write("PUT", path, "first").statusCode());
        assertEquals("first", get(path).body());
        assertEquals("first", get(path, "Authorization", alice).body());
        assertEquals("HIT", status(get(path)));
        assertEquals("HIT", status(get(path, "Authorization", alice)));

        assertEquals(204, write("PUT", path, "second").statusCode());
        HttpResponse<String> anonymous = get(path);
        assertEquals("second", anonymous.body(), "the shared entry is gone after the PUT");
        assertEquals("MISS", status(anonymous));
        assertEquals("second", get(path, "Authorization", alice).body(), "alice's own entry too");
        assertEquals("HIT", status(get(path)));
    }

    @Test
    void delete_invalidatesTheTargetUri_andAFailedWriteInvalidatesNothing() throws Exception {
        String path = "/shapes/memos/" + java.util.UUID.randomUUID();
        assertEquals(204, write("PUT", path, "kept").statusCode());
        assertEquals("kept", get(path).body());
        assertEquals(400, write("PUT", path, " ").statusCode());
        HttpResponse<String> hit = get(path);
        assertEquals("HIT", status(hit), "a 400 changed nothing, so it invalidates nothing");

        assertEquals(204, send("DELETE", path).statusCode());
        assertEquals(404, get(path).statusCode(), "never the deleted memo's old 200");
    }

    @Test
    void post_invalidatesItsUri_andItsLocation() throws Exception {
        String id = "m" + System.nanoTime();
        String memo = "/shapes/memos/" + id;
        assertEquals(204, write("PUT", memo, "draft").statusCode());
        assertEquals("draft", get(memo).body());
        assertEquals("HIT", status(get(memo)));
        assertTrue(get("/shapes/memos").body().contains(id));
        assertEquals("HIT", status(get("/shapes/memos")));

        HttpResponse<String> created = write("POST", "/shapes/memos", id + ":final");
        assertEquals(201, created.statusCode());
        assertTrue(header(created, "Location").endsWith(memo), header(created, "Location"));
        assertEquals("final", get(memo).body(), "the URI the Location names is invalidated too");
        assertEquals("MISS", status(get("/shapes/memos")), "and the POST's own URI");
    }

    @Test
    void invalidateOnWriteFalse_keepsItsEntriesThroughAWrite() throws Exception {
        String path = "/shapes/memos/frozen/" + java.util.UUID.randomUUID();
        assertEquals(204, write("PUT", path, "one").statusCode());
        assertEquals("one", get(path).body());
        assertEquals(204, write("PUT", path, "two").statusCode());
        HttpResponse<String> kept = get(path);
        assertEquals("one", kept.body(), "the method said its entries outlive writes");
        assertEquals("HIT", status(kept));
    }

    /** Waits, as a condition, for the 1 s entry's own freshness to run out on the server's real clock. */
    private static void untilExpired(long storedAtNanos) {
        io.cachet.testkit.Await.until("the 1 s entry is stale", java.time.Duration.ofSeconds(10),
                () -> System.nanoTime() - storedAtNanos > 1_500_000_000L);
    }

    @Test
    void staleWhileRevalidate_oneRequestRefreshes_theOthersGetStale() throws Exception {
        String path = "/shapes/stale/value/" + java.util.UUID.randomUUID();
        HttpResponse<String> miss = get(path);
        long stored = System.nanoTime();
        assertEquals("MISS", status(miss));
        assertEquals("max-age=1, stale-while-revalidate=60", header(miss, "Cache-Control"));
        untilExpired(stored);
        send("POST", "/shapes/stale/hold");
        java.util.concurrent.CompletableFuture<HttpResponse<String>> refreshing = HTTP.sendAsync(
                java.net.http.HttpRequest.newBuilder(server().uri(path)).timeout(java.time.Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        io.cachet.testkit.Await.until("the first stale request refreshes", java.time.Duration.ofSeconds(20), () -> {
            try {
                return "true".equals(get("/shapes/stale/entered").body());
            } catch (Exception e) {
                return false;
            }
        });
        HttpResponse<String> stale = get(path);
        assertEquals("STALE", status(stale), "the others get the stale answer at once");
        assertEquals(miss.body(), stale.body());
        assertTrue(header(stale, "Cache-Control").startsWith("max-age=0, stale-while-revalidate="),
                header(stale, "Cache-Control"));
        send("POST", "/shapes/stale/release");
        HttpResponse<String> refreshed = refreshing.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("MISS", status(refreshed));
        assertNotEquals(miss.body(), refreshed.body());
        HttpResponse<String> hit = get(path);
        assertEquals("HIT", status(hit));
        assertEquals(refreshed.body(), hit.body());
    }

    @Test
    void staleIfError_aFailingResourceAnswersWithTheStaleRepresentation() throws Exception {
        String path = "/shapes/stale/fallible/" + java.util.UUID.randomUUID();
        HttpResponse<String> miss = get(path);
        long stored = System.nanoTime();
        assertEquals("max-age=1, stale-if-error=60", header(miss, "Cache-Control"));
        untilExpired(stored);
        send("POST", "/shapes/stale/failing/true");
        try {
            HttpResponse<String> failed = get(path);
            assertEquals(200, failed.statusCode());
            assertEquals("STALE", status(failed));
            assertEquals(miss.body(), failed.body());
        } finally {
            send("POST", "/shapes/stale/failing/false");
        }
    }
}
