package io.cachet.dynamodb;

import io.cachet.spi.CacheBackend;
import io.cachet.testkit.BackendContractTest;
import io.cachet.testkit.ManualClock;
import io.cachet.testkit.servers.Dynalite;
import io.cachet.testkit.servers.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The backend contract on dynalite. dynalite never expires items (nor does DynamoDB on time), so
 * expiry is the backend's own read-time check, driven here by a manual clock.
 */
class DynamoDbContractTest extends BackendContractTest {
    @RegisterExtension
    static final TestServer<Dynalite> dynalite = TestServer.of(Dynalite::start);
    final ManualClock clock = new ManualClock();

    @Override
    protected CacheBackend createBackend() {
        return DynamoDbBackend.create(Dynamo.on(dynalite.get(), "contract").createTable(true).build(), clock);
    }

    @Override
    protected void passTime(Duration ttl) {
        clock.advance(ttl);
    }

    @Test
    void clear_manyItems_acrossPagesAndBatches() {
        int items = 1_234;
        java.util.List<java.util.concurrent.CompletableFuture<Void>> writes = new java.util.ArrayList<>();
        for (int i = 0; i < items; i++) {
            writes.add(backend.put(ns + "big:" + i, bytes("v"), null).toCompletableFuture());
        }
        writes.forEach(java.util.concurrent.CompletableFuture::join);
        assertEquals(items, join(backend.clear(ns + "big:")));
        assertNull(read(ns + "big:0"));
        assertNull(read(ns + "big:" + (items - 1)));
        assertEquals(0L, join(backend.clear(ns + "big:")));
    }

    @Test
    void expiredItem_isAbsent_evenThoughStillStored() {
        join(backend.put(key("late"), bytes("v"), Duration.ofSeconds(10)));
        clock.advance(Duration.ofSeconds(11));
        assertNull(read(key("late")), "DynamoDB deletes expired items late: Cachet checks on read");
        assertEquals(false, join(backend.delete(key("late"))), "an expired item counts as absent");
    }
}
