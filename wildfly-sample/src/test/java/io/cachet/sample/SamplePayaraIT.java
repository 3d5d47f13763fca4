package io.cachet.sample;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/** The sample WAR, unchanged, on Payara Micro 6 (Jersey) with the in-memory store: the same end-to-end suite. */
class SamplePayaraIT extends ResourceShapesContract {
    static Payara payara;

    @BeforeAll
    static void start() throws Exception {
        payara = Payara.start(Map.of());
    }

    @AfterAll
    static void stop() {
        payara.close();
    }

    @Override
    SampleServer server() {
        return payara;
    }
}
