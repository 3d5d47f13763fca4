package io.cachet.jcache;

import io.cachet.testkit.servers.Dynalite;
import io.cachet.testkit.servers.TestServer;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.Properties;

/** The atomic contract on dynalite, two managers with a client each. */
class DynamoDbAtomicTest extends AtomicContract {
    @RegisterExtension
    static final TestServer<Dynalite> dynalite = TestServer.of(Dynalite::start);

    @Override
    URI uri() {
        return URI.create("dynamodb:atomic");
    }

    @Override
    Properties properties() {
        Properties properties = new Properties();
        properties.setProperty("cachet.dynamodb.endpoint", dynalite.get().endpoint().toString());
        properties.setProperty("cachet.dynamodb.region", "us-east-1");
        properties.setProperty("cachet.dynamodb.access-key-id", "test");
        properties.setProperty("cachet.dynamodb.secret-access-key", "test");
        properties.setProperty("cachet.dynamodb.create-table", "true");
        properties.setProperty("cachet.backend-timeout-ms", "5000"); // dynalite on two cores, sixteen callers
        return properties;
    }
}
