package io.cachet.dynamodb;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.TagContract;
import io.cachet.testkit.servers.Dynalite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Tag invalidation across two nodes sharing dynalite. */
class DynamoDbTagTest extends TagContract {
    static Dynalite dynalite;

    @BeforeAll
    static void startServer() {
        dynalite = Dynalite.start();
    }

    @AfterAll
    static void stopServer() {
        dynalite.close();
    }

    @Override
    protected CacheBackend newBackend() {
        return DynamoDbBackend.create(Dynamo.on(dynalite, "tags").createTable(true).build(),
                java.time.InstantSource.system());
    }
}
