package io.cachet.sample;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The sample WAR on Payara Micro 6 switched to Redis by system properties, as on WildFly. */
class SamplePayaraRedisIT extends SampleOnRedisContract {
    static Payara payara;

    @BeforeAll
    static void start() throws Exception {
        payara = Payara.start(onRedis());
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
