package io.cachet.dynamodb;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.CachedContractTest;
import io.cachet.testkit.ManualClock;
import io.cachet.testkit.servers.Dynalite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/** {@code @Cached} end to end on dynalite, the endpoint going down and coming back. */
class DynamoDbCachedTest extends CachedContractTest {
    static Dynalite dynalite;

    @BeforeAll
    static void startDynalite() throws Exception {
        dynalite = Dynalite.startPersistent();
        // A cold AWS SDK takes seconds for its first call on two cores: warm it, and create the table, with
        // a patient client, so that the first test's one-second calls measure the store, not class loading.
        try (DynamoDbBackend warm = DynamoDbBackend.create(Dynamo.on(dynalite, "cached").createTable(true)
                .apiCallTimeout(Duration.ofSeconds(30)).build(), java.time.InstantSource.system())) {
            warm.get("cachet:warm:up").toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopDynalite() {
        dynalite.close();
    }

    @AfterEach
    void endpointUp() {
        if (!dynalite.isAlive()) {
            dynalite.restart();
        }
    }

    @Override
    protected CacheBackend newBackend(ManualClock clock) {
        return DynamoDbBackend.create(Dynamo.on(dynalite, "cached").createTable(true)
                .apiCallTimeout(Duration.ofSeconds(1)).build(), clock);
    }

    @Override
    protected void stopServer() {
        dynalite.kill();
    }

    @Override
    protected void restartServer() {
        dynalite.restart();
    }
}
