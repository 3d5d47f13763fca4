package io.cachet.dynamodb;

import io.cachet.testkit.servers.Dynalite;
import io.cachet.testkit.servers.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.time.InstantSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Table checks at start-up: missing, wrong schema, created on request, TTL on an endpoint without it. */
class DynamoDbTableTest {
    @RegisterExtension
    static final TestServer<Dynalite> dynalite = TestServer.of(Dynalite::start);

    @Test
    void missingTable_failsNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DynamoDbBackend.create(Dynamo.on(dynalite.get(), "absent-table").build(), InstantSource.system()));
        assertTrue(e.getMessage().contains("'absent-table'") && e.getMessage().contains("does not exist")
                && e.getMessage().contains("cachet.dynamodb.create-table"), e.getMessage());
    }

    @Test
    void wrongKeySchema_failsNamingIt() {
        try (DynamoDbBackend probe = DynamoDbBackend.create(Dynamo.on(dynalite.get(), "probe").createTable(true).build(),
                InstantSource.system())) {
            probe.client().createTable(b -> b.tableName("wrong-schema").billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("key").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("key").attributeType(ScalarAttributeType.S))).join();
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DynamoDbBackend.create(Dynamo.on(dynalite.get(), "wrong-schema").build(), InstantSource.system()));
        assertTrue(e.getMessage().contains("'wrong-schema'") && e.getMessage().contains("wrong key schema"),
                e.getMessage());
    }

    @Test
    void createTable_createsItOnce_andASecondInstanceReusesIt() {
        try (DynamoDbBackend first = DynamoDbBackend.create(Dynamo.on(dynalite.get(), "created").createTable(true).build(),
                InstantSource.system());
             DynamoDbBackend second = DynamoDbBackend.create(Dynamo.on(dynalite.get(), "created").build(),
                     InstantSource.system())) {
            first.put("p:n:k", new byte[] {7}, null).toCompletableFuture().join();
            assertEquals(7, second.get("p:n:k").toCompletableFuture().join().value()[0]);
        }
    }

    @Test
    void enableTtl_onAnEndpointWithoutIt_isReportedNotFatal() {
        try (DynamoDbBackend backend = DynamoDbBackend.create(Dynamo.on(dynalite.get(), "with-ttl").createTable(true)
                .enableTtl(true).build(), InstantSource.system())) {
            assertEquals(DynamoDbBackend.TtlStatus.NOT_SUPPORTED_BY_ENDPOINT, backend.ttlStatus());
            backend.put("p:n:k", new byte[] {1}, java.time.Duration.ofMinutes(1)).toCompletableFuture().join();
        }
    }

    @Test
    void keysOverTheSortKeyLimit_areHashed_andListedByTheirOriginalId() {
        try (DynamoDbBackend backend = DynamoDbBackend.create(Dynamo.on(dynalite.get(), "long-keys").createTable(true).build(),
                InstantSource.system())) {
            String longId = "é".repeat(2_000);
            backend.put("p:n:" + longId, new byte[] {1}, null).toCompletableFuture().join();
            backend.put("p:n:", new byte[] {2}, null).toCompletableFuture().join();
            assertEquals(1, backend.get("p:n:" + longId).toCompletableFuture().join().value()[0]);
            assertEquals(2, backend.get("p:n:").toCompletableFuture().join().value()[0]);
            var page = backend.scan("p:n:", null, 10).toCompletableFuture().join();
            assertEquals(java.util.Set.of("p:n:" + longId, "p:n:"), new java.util.HashSet<>(page.keys()));
        }
    }

    @Test
    void settings_badValues_areNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DynamoDbSettings.fromProperties(
                java.util.Map.of("cachet.dynamodb.table", "x")::get));
        assertTrue(e.getMessage().contains("cachet.dynamodb.table"), e.getMessage());
        IllegalArgumentException endpoint = assertThrows(IllegalArgumentException.class, () ->
                DynamoDbSettings.fromProperties(java.util.Map.of("cachet.dynamodb.endpoint", "localhost:8000")::get));
        assertTrue(endpoint.getMessage().contains("cachet.dynamodb.endpoint"), endpoint.getMessage());
    }
}
