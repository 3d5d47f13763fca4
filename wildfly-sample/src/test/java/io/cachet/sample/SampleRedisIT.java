package io.cachet.sample;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The sample on WildFly, switched to Redis by system properties. */
class SampleRedisIT extends SampleOnRedisContract {
    static WildFly wildfly;

    @BeforeAll
    static void start() throws Exception {
        wildfly = WildFly.start(onRedis());
    }

    @AfterAll
    static void stop() {
        wildfly.close();
    }

    @Override
    SampleServer server() {
        return wildfly;
    }
}
