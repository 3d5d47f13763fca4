package io.cachet.dynamodb;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.ClusterFlightContract;
import io.cachet.testkit.servers.Dynalite;
import io.cachet.testkit.servers.TestServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One computation across two nodes sharing dynalite (a lease by a conditional put that takes an expired one). */
class DynamoDbClusterFlightTest extends ClusterFlightContract {
    @RegisterExtension
    static final TestServer<Dynalite> dynalite = TestServer.of(Dynalite::start);

    @Override
    protected CacheBackend newBackend() {
        return DynamoDbBackend.create(Dynamo.on(dynalite.get(), "flight").createTable(true).build(), java.time.InstantSource.system());
    }

    @Override
    protected String storeName() {
        return "dynamodb";
    }
}
