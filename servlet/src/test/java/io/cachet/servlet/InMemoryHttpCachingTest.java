package io.cachet.servlet;

import io.cachet.memory.InMemoryBackend;
import org.junit.jupiter.api.BeforeAll;

/** The HTTP rules on the in-memory store. */
class InMemoryHttpCachingTest extends HttpCachingContract {
    @BeforeAll
    static void startServer() throws Exception {
        start(InMemoryBackend.builder().clock(CLOCK).build());
    }
}
