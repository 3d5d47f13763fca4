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

    @ApplicationScoped
    public static class NormalScoped {
        @Produces
        @ApplicationScoped
        HttpCacheSettings settings() {
            return HttpCacheSettings.builder().build();
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
    void aNormalScopedBean_failsTheFiltersStart_namingTheFix() throws Exception {
        try (org.jboss.weld.environment.se.WeldContainer container = io.cachet.testkit.CachetWeld.weld(
                CacheSettings.defaults(), InMemoryBackend.create(), NormalScoped.class).initialize()) {
            jakarta.servlet.FilterConfig config = new jakarta.servlet.FilterConfig() {
                @Override
                public String getFilterName() {
                    return "CachetFilter";
                }

                @Override
                public jakarta.servlet.ServletContext getServletContext() {
                    throw new AssertionError("the settings are read first");
                }

                @Override
                public String getInitParameter(String name) {
                    return null;
                }

                @Override
                public java.util.Enumeration<String> getInitParameterNames() {
                    return java.util.Collections.emptyEnumeration();
                }
            };
            jakarta.servlet.ServletException e = org.junit.jupiter.api.Assertions.assertThrows(
                    jakarta.servlet.ServletException.class, () -> new CachetFilter().init(config));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(
                    "the HttpCacheSettings bean has a normal scope (ApplicationScoped)"), e.getMessage());
        }
    }

    @Test
    void withoutOne_theDefaultsHold() throws Exception {
        try (EmbeddedServer server = new EmbeddedServer(CacheSettings.defaults(), InMemoryBackend.create(), Map.of())) {
            assertEquals("none", post(server, "alpha"), "POST is not cached by default");
        }
    }
}
