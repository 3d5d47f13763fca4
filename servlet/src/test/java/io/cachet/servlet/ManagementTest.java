package io.cachet.servlet;

import io.cachet.CacheSettings;
import io.cachet.memory.InMemoryBackend;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The management endpoint: off by default, and only for users in the role when on. */
class ManagementTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> send(EmbeddedServer server, String method, String path, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final String[] ADMIN = {"X-Test-User", "ops", "X-Test-Roles", "cachet-admin", "X-Requested-By", "test"};
    private static final String[] ADMIN_FROM_A_FORM = {"X-Test-User", "ops", "X-Test-Roles", "cachet-admin"};

    @Test
    void offByDefault_evenForAnAdministrator() throws Exception {
        try (EmbeddedServer server = new EmbeddedServer(CacheSettings.defaults(), InMemoryBackend.create(), Map.of())) {
            assertEquals(404, send(server, "GET", "/api/cachet/stats", ADMIN).statusCode());
            assertEquals(404, send(server, "POST", "/api/cachet/clear?namespace=items", ADMIN).statusCode());
        }
    }

    @Test
    void on_anonymousIs401_aUserWithoutTheRoleIs403_theRoleMayReadClearAndInvalidate() throws Exception {
        try (EmbeddedServer server = new EmbeddedServer(CacheSettings.defaults(), InMemoryBackend.create(), Map.of(),
                true, Map.of("cachet.management.enabled", "true"))) {
            HttpResponse<String> anonymous = send(server, "GET", "/api/cachet/stats");
            assertEquals(401, anonymous.statusCode());
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
            assertEquals(401, send(server, "POST", "/api/cachet/clear?namespace=items").statusCode());
            assertEquals(403, send(server, "POST", "/api/cachet/invalidate?tag=catalog", "X-Test-User", "bob",
                    "X-Test-Roles", "users").statusCode());

            HttpResponse<String> first = send(server, "GET", "/api/product/42");
            assertEquals("MISS", first.headers().firstValue("X-Cachet").orElse(null));
            assertEquals("HIT", send(server, "GET", "/api/product/42").headers().firstValue("X-Cachet").orElse(null));

            HttpResponse<String> stats = send(server, "GET", "/api/cachet/stats", ADMIN);
            assertEquals(200, stats.statusCode());
            assertTrue(stats.body().contains("\"items\":{\"hits\":1,\"misses\":1,"), stats.body());
            assertEquals("no-store", stats.headers().firstValue("Cache-Control").orElse(null));
            HttpResponse<String> stores = send(server, "GET", "/api/cachet/stores", ADMIN);
            assertTrue(stores.body().startsWith("[{\"name\":\"default\",\"backend\":\"memory\",\"circuit\":\"closed\""),
                    stores.body());

            HttpResponse<String> forged = send(server, "POST", "/api/cachet/invalidate?tag=product:42", ADMIN_FROM_A_FORM);
            assertEquals(403, forged.statusCode(), "a changing call without X-Requested-By, as a cross-site form sends");
            assertTrue(forged.body().contains("X-Requested-By"), forged.body());
            assertEquals("HIT", send(server, "GET", "/api/product/42").headers().firstValue("X-Cachet").orElse(null));
            assertEquals(200, send(server, "GET", "/api/cachet/stats", ADMIN_FROM_A_FORM).statusCode(), "reading needs none");
            assertEquals(200, send(server, "POST", "/api/cachet/invalidate?tag=product:42", ADMIN).statusCode());
            assertEquals("MISS", send(server, "GET", "/api/product/42").headers().firstValue("X-Cachet").orElse(null));
            HttpResponse<String> cleared = send(server, "POST", "/api/cachet/clear?namespace=items", ADMIN);
            assertEquals(200, cleared.statusCode());
            assertTrue(cleared.body().matches("\\{\"namespace\":\"items\",\"removed\":[1-9]\\d*}"), cleared.body());
            assertEquals("MISS", send(server, "GET", "/api/product/42").headers().firstValue("X-Cachet").orElse(null));
            assertEquals(400, send(server, "POST", "/api/cachet/invalidate", ADMIN).statusCode());
            assertEquals(404, send(server, "GET", "/api/cachet/stats/nosuch", ADMIN).statusCode());
        }
    }
}
