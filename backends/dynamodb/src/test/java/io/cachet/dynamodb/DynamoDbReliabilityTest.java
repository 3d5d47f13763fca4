package io.cachet.dynamodb;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.ReliabilityContract;
import io.cachet.testkit.servers.Dynalite;
import io.cachet.testkit.servers.TestServer;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.InstantSource;

/** The fault scenarios against dynalite behind a fault proxy. */
class DynamoDbReliabilityTest extends ReliabilityContract {
    @RegisterExtension
    static final TestServer<Dynalite> dynalite = TestServer.of(Dynalite::start);

    @Override
    protected int serverPort() {
        return dynalite.get().port();
    }

    @Override
    protected CacheBackend backendThrough(String proxyAddress) {
        return DynamoDbBackend.create(DynamoDbSettings.builder().endpoint(URI.create("http://" + proxyAddress))
                .region("us-east-1").table("reliability").credentials("test", "test")
                .apiCallTimeout(java.time.Duration.ofSeconds(2)).eventLoopThreads(1).createTable(true).build(),
                InstantSource.system());
    }

    /** dynalite answers one request at a time, a few hundred a second: the load keeps to about 160 calls a second. */
    @Override
    protected java.time.Duration pauseBetweenCalls() {
        return java.time.Duration.ofMillis(50);
    }

    @Override
    protected String storeName() {
        return "dynamodb";
    }
}
