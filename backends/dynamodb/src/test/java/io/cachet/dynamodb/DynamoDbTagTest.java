package io.cachet.dynamodb;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.TagContract;
import io.cachet.testkit.servers.Dynalite;
import io.cachet.testkit.servers.TestServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tag invalidation across two nodes sharing dynalite. */
class DynamoDbTagTest extends TagContract {
    @RegisterExtension
    static final TestServer<Dynalite> dynalite = TestServer.of(Dynalite::start);

    @Override
    protected CacheBackend newBackend() {
        return DynamoDbBackend.create(Dynamo.on(dynalite.get(), "tags").createTable(true).build(),
                java.time.InstantSource.system());
    }
}
