package io.cachet.sample;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample on WildFly with the default in-memory store. */
class SampleInMemoryIT extends ResourceShapesContract {
    static WildFly wildfly;

    @BeforeAll
    static void start() throws Exception {
        wildfly = WildFly.start(Map.of());
    }

    @AfterAll
    static void stop() {
        wildfly.close();
    }

    @Override
    SampleServer server() {
        return wildfly;
    }

    /**
     * A real browser loads a cached endpoint, then reloads it: the reload revalidates with
     * {@code If-None-Match} and the server answers 304 (read from the DevTools network events).
     */
    @Test
    void browserReload_revalidatesWithIfNoneMatch_andGets304() throws Exception {
        String url = wildfly.uri("/pydantic_instance").toString();
        try (Chromium chromium = Chromium.start()) {
            chromium.call("Network.enable", "{}");
            chromium.call("Page.enable", "{}");
            chromium.call("Page.navigate", "{\"url\":\"" + url + "\"}");
            chromium.awaitEvent(m -> m.contains("\"Page.loadEventFired\""), Duration.ofSeconds(30));
            int before = chromium.events().size();
            chromium.call("Page.reload", "{}");
            // The raw exchange (ExtraInfo) shows the 304; the page still sees the cached 200 body.
            String revalidated = chromium.awaitEvent(m -> chromium.events().indexOf(m) >= before
                    && m.contains("\"Network.responseReceivedExtraInfo\"") && m.contains("\"statusCode\":304"),
                    Duration.ofSeconds(30));
            assertTrue(revalidated.contains("X-Cachet\":\"HIT"), revalidated);
            String request = chromium.awaitEvent(m -> chromium.events().indexOf(m) >= before
                    && m.contains("\"Network.requestWillBeSentExtraInfo\"")
                    && m.toLowerCase(java.util.Locale.ROOT).contains("if-none-match"), Duration.ofSeconds(30));
            assertTrue(request.contains("\\\""), "the stored tag was sent back: " + request);
        }
    }
}
