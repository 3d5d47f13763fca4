package io.cachet.sample;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/** The sample on WildFly with the default in-memory store. */
class SampleInMemoryIT extends SampleContract {
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
    WildFly server() {
        return wildfly;
    }
}
