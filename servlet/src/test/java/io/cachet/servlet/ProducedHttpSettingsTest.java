package io.cachet.servlet;

import io.cachet.CacheSettings;
import io.cachet.memory.InMemoryBackend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The filter uses the application's {@link HttpCacheSettings} bean, as the extension uses a {@code CacheSettings} one. */
class ProducedHttpSettingsTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @ApplicationScoped
    public static class Settings {
        @Produces
        HttpCacheSettings settings() {
            return HttpCacheSettings.builder().methods(List.of("GET", "HEAD", "POST")).build();
        }
    }

    private static String post(EmbeddedServer server, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(server.uri("/api/post"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.headers().firstValue("X-Cachet").orElse("none");
    }

    @Test
    void aProducedBean_isTheFiltersSettings() throws Exception {
        try (EmbeddedServer server = new EmbeddedServer(CacheSettings.defaults(), InMemoryBackend.create(), Map.of(),
                true, Map.of(), Settings.class)) {
            assertEquals("MISS", post(server, "alpha"), "POST is among the produced settings' methods");
            assertEquals("HIT", post(server, "alpha"));
        }
    }

    @Test
    void withoutOne_theDefaultsHold() throws Exception {
        try (EmbeddedServer server = new EmbeddedServer(CacheSettings.defaults(), InMemoryBackend.create(), Map.of())) {
            assertEquals("none", post(server, "alpha"), "POST is not cached by default");
        }
    }
}
