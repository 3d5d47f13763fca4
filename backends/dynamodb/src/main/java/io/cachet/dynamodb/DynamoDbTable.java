package io.cachet.dynamodb;

import io.cachet.spi.CacheBackendException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static io.cachet.dynamodb.DynamoDbBackend.unwrap;
import static io.cachet.dynamodb.DynamoDbKeys.PK;
import static io.cachet.dynamodb.DynamoDbKeys.SK;
import static io.cachet.dynamodb.DynamoDbKeys.TTL;

/**
 * The table a backend uses: checked (its key schema), created when so configured, and its TTL
 * switched on, once, before the first call; a check that failed because DynamoDB could not be
 * reached is started again by the next call, one that found a missing table or a wrong schema
 * is not.
 */
final class DynamoDbTable {
    private static final System.Logger LOG = System.getLogger("io.cachet.dynamodb");

    private final DynamoDbAsyncClient client;
    private final String name;
    private final boolean create;
    private final boolean enableTtl;
    private volatile CompletableFuture<Void> ready;
    private volatile DynamoDbBackend.TtlStatus ttlStatus = DynamoDbBackend.TtlStatus.NOT_REQUESTED;

    DynamoDbTable(DynamoDbAsyncClient client, String name, boolean create, boolean enableTtl) {
        this.client = client;
        this.name = name;
        this.create = create;
        this.enableTtl = enableTtl;
    }

    String name() {
        return name;
    }

    DynamoDbBackend.TtlStatus ttlStatus() {
        return ttlStatus;
    }

    /**
     * Waits for the check; an endpoint that cannot be reached is only logged (calls retry it).
     *
     * @throws IllegalArgumentException the table is missing or has the wrong key schema
     */
    void awaitReady(Duration within) {
        try {
            ready().get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof TableProblem problem) {
                throw new IllegalArgumentException(problem.getMessage(), problem);
            }
            LOG.log(System.Logger.Level.WARNING, "Cachet: cannot reach DynamoDB to check table " + name
                    + " now (" + e.getCause() + "); calls run uncached until it answers");
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "Cachet: DynamoDB did not answer the check of table " + name
                    + " within " + within + "; calls run uncached until it answers");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The table check, started once and started again after a failure that was not the table's fault. */
    CompletableFuture<Void> ready() {
        CompletableFuture<Void> current = ready;
        if (current != null && (!current.isCompletedExceptionally() || isTableProblem(current))) {
            return current;
        }
        synchronized (this) {
            if (ready == current) {
                ready = checkTable();
            }
            return ready;
        }
    }

    private static boolean isTableProblem(CompletableFuture<Void> failed) {
        try {
            failed.join();
            return false;
        } catch (CompletionException e) {
            return e.getCause() instanceof TableProblem;
        }
    }

    private CompletableFuture<Void> checkTable() {
        return client.describeTable(b -> b.tableName(name))
                .thenApply(response -> {
                    verifySchema(response.table());
                    return (Void) null;
                })
                .exceptionallyCompose(error -> {
                    Throwable cause = unwrap(error);
                    if (cause instanceof ResourceNotFoundException) {
                        if (!create) {
                            return CompletableFuture.failedFuture(new TableProblem("DynamoDB table '" + name
                                    + "' does not exist; create it (key pk: S HASH, sk: S RANGE) or set"
                                    + " cachet.dynamodb.create-table=true"));
                        }
                        return createTable();
                    }
                    return CompletableFuture.failedFuture(cause);
                })
                .thenCompose(ignored -> enableTtl ? switchOnTtl() : CompletableFuture.completedFuture(null));
    }

    private void verifySchema(TableDescription description) {
        Map<String, KeyType> keys = new HashMap<>();
        description.keySchema().forEach(k -> keys.put(k.attributeName(), k.keyType()));
        Map<String, ScalarAttributeType> types = new HashMap<>();
        description.attributeDefinitions().forEach(a -> types.put(a.attributeName(), a.attributeType()));
        boolean ok = keys.size() == 2 && keys.get(PK) == KeyType.HASH && keys.get(SK) == KeyType.RANGE
                && types.get(PK) == ScalarAttributeType.S && types.get(SK) == ScalarAttributeType.S;
        if (!ok) {
            throw new TableProblem("DynamoDB table '" + name + "' has the wrong key schema " + keys + " " + types
                    + "; Cachet needs pk: S (HASH) and sk: S (RANGE)");
        }
    }

    private CompletableFuture<Void> createTable() {
        LOG.log(System.Logger.Level.INFO, "Cachet: creating DynamoDB table " + name + " (on-demand billing)");
        return client.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build())
                        .attributeDefinitions(
                                AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build(),
                                AttributeDefinition.builder().attributeName(SK).attributeType(ScalarAttributeType.S).build()))
                .exceptionally(error -> {
                    if (unwrap(error) instanceof software.amazon.awssdk.services.dynamodb.model.ResourceInUseException) {
                        return null; // created meanwhile by another instance
                    }
                    throw new CompletionException(unwrap(error));
                })
                .thenCompose(created -> client.waiter().waitUntilTableExists(b -> b.tableName(name)))
                .thenApply(waited -> null);
    }

    /**
     * DynamoDB's TTL on the {@code ttl} attribute: left as it is when it is on already, else
     * switched on; an endpoint that has no TTL is reported, not fatal.
     */
    private CompletableFuture<Void> switchOnTtl() {
        return ttlEnabled() // a describe that fails (no permission for it) leaves the update to say
                .thenCompose(enabled -> enabled ? CompletableFuture.completedFuture(true) : updateTtl())
                .handle((enabled, error) -> {
                    Throwable cause = error == null ? null : unwrap(error);
                    if (cause == null) {
                        ttlStatus = DynamoDbBackend.TtlStatus.ENABLED;
                    } else if (unsupported(cause)) {
                        ttlStatus = DynamoDbBackend.TtlStatus.NOT_SUPPORTED_BY_ENDPOINT;
                        LOG.log(System.Logger.Level.WARNING, "Cachet: time to live is not supported by this endpoint"
                                + " (table " + name + "); expired items are ignored on read but not deleted: "
                                + cause.getMessage());
                    } else {
                        ttlStatus = DynamoDbBackend.TtlStatus.FAILED;
                        LOG.log(System.Logger.Level.WARNING, "Cachet: could not enable time to live on table " + name
                                + ": " + cause);
                    }
                    return null;
                });
    }

    /** UpdateTimeToLive; when it fails, TTL may be on nonetheless: another instance switched it on meanwhile. */
    private CompletableFuture<Boolean> updateTtl() {
        return client.updateTimeToLive(b -> b.tableName(name)
                        .timeToLiveSpecification(s -> s.attributeName(TTL).enabled(true)))
                .thenApply(updated -> true)
                .exceptionallyCompose(error -> {
                    Throwable cause = unwrap(error);
                    return unsupported(cause) ? CompletableFuture.failedFuture(cause)
                            : ttlEnabled().thenCompose(on -> on ? CompletableFuture.completedFuture(true)
                                    : CompletableFuture.failedFuture(cause));
                });
    }

    /**
     * Whether TTL is on (or being switched on) for the {@code ttl} attribute; {@code false} when the
     * endpoint cannot say. On for another attribute is off for Cachet: its items would not expire.
     */
    private CompletableFuture<Boolean> ttlEnabled() {
        return client.describeTimeToLive(b -> b.tableName(name)).thenApply(response -> {
            var description = response.timeToLiveDescription();
            return description != null && TTL.equals(description.attributeName())
                    && (description.timeToLiveStatus() == TimeToLiveStatus.ENABLED
                    || description.timeToLiveStatus() == TimeToLiveStatus.ENABLING);
        }).exceptionally(cannotSay -> false);
    }

    private static boolean unsupported(Throwable error) {
        return error instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service
                && service.statusCode() == 400 && isUnsupported(service);
    }

    private static boolean isUnsupported(software.amazon.awssdk.awscore.exception.AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
        return code.contains("UnknownOperation") || code.contains("NotImplemented") || code.contains("Unsupported")
                || code.contains("UnrecognizedClient") || code.contains("InvalidAction");
    }

    /** The table is missing or has the wrong schema: no retry can fix it. */
    static final class TableProblem extends CacheBackendException {
        private static final long serialVersionUID = 1L;

        TableProblem(String message) {
            super(message);
        }
    }
}
