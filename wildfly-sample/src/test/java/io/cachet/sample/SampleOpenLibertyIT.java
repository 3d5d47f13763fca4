package io.cachet.sample;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/** The sample WAR, unchanged, on Open Liberty (webProfile-10.0) with the in-memory store: the same end-to-end suite. */
class SampleOpenLibertyIT extends ResourceShapesContract {
    static OpenLiberty liberty;

    @BeforeAll
    static void start() throws Exception {
        liberty = OpenLiberty.start(Map.of());
    }

    @AfterAll
    static void stop() {
        liberty.close();
    }

    @Override
    SampleServer server() {
        return liberty;
    }

    @Override
    boolean serverHasJackson() {
        return false;
    }
}
