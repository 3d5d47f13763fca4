package io.cachet.dynamodb;

import io.cachet.testkit.servers.Dynalite;

import java.time.Duration;

/** Settings for tests against dynalite: fixed dummy credentials, a small client. */
final class Dynamo {
    private Dynamo() {
    }

    static DynamoDbSettings.Builder on(Dynalite dynalite, String table) {
        return DynamoDbSettings.builder().endpoint(dynalite.endpoint()).region("us-east-1").table(table)
                .credentials("test", "test").apiCallTimeout(Duration.ofSeconds(5)).eventLoopThreads(1);
    }
}
