package io.cachet.dynamodb;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.ClusterFlightContract;
import io.cachet.testkit.servers.Dynalite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One computation across two nodes sharing dynalite (a lease by a conditional put that takes an expired one). */
class DynamoDbClusterFlightTest extends ClusterFlightContract {
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
        return DynamoDbBackend.create(Dynamo.on(dynalite, "flight").createTable(true).build(), java.time.InstantSource.system());
    }

    @Override
    protected String storeName() {
        return "dynamodb";
    }
}
