package io.cachet.dynamodb;

import io.cachet.spi.BackendEntry;
import io.cachet.spi.CacheBackend;
import io.cachet.spi.CacheBackendException;
import io.cachet.spi.Capability;
import io.cachet.spi.KeyPage;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import static io.cachet.dynamodb.DynamoDbKeys.PK;
import static io.cachet.dynamodb.DynamoDbKeys.SK;
import static io.cachet.dynamodb.DynamoDbKeys.ID;
import static io.cachet.dynamodb.DynamoDbKeys.VALUE;
import static io.cachet.dynamodb.DynamoDbKeys.VERSION;
import static io.cachet.dynamodb.DynamoDbKeys.EXPIRES_MS;
import static io.cachet.dynamodb.DynamoDbKeys.TTL;
import static io.cachet.dynamodb.DynamoDbKeys.idOf;
import static io.cachet.dynamodb.DynamoDbKeys.keyOf;
import static io.cachet.dynamodb.DynamoDbKeys.partitionKey;
import static io.cachet.dynamodb.DynamoDbKeys.s;
import static io.cachet.dynamodb.DynamoDbKeys.n;

/**
 * The DynamoDB backend, on the AWS SDK v2 async client.
 *
 * <h2>Table schema</h2>
 * <pre>
 * pk    S  partition key: the namespace, {prefix}:{namespace}:
 * sk    S  sort key: "k" + the key's id, or "h" + base64url(SHA-256(id)) when the id is over
 *          1,023 UTF-8 bytes (DynamoDB's sort key limit)
 * id    S  the original id, only when hashed (so a namespace can be listed)
 * v     B  the value
 * ver   N  a random 62-bit version, new on every write: compare-and-set conditions on it
 * expms N  expiry, epoch milliseconds (absent: never); reads treat an expired item as absent
 * ttl   N  expiry, epoch seconds: DynamoDB's TTL attribute, for its late deletion
 * </pre>
 * Namespaces are partitions, so clearing one is a strongly consistent {@code Query} of its
 * partition plus {@code BatchWriteItem} deletes: its cost is the namespace's size, never the
 * table's (a {@code Scan} with a filter would read, and bill, the whole table), and it sees every
 * item (a global secondary index on the namespace would be eventually consistent and could miss
 * the newest items). DynamoDB splits a busy partition by sort key, so one hot namespace still
 * spreads.
 */
public final class DynamoDbBackend implements CacheBackend {
    /** BatchWriteItem takes at most 25 requests. */
    static final int BATCH = 25;
    static final int MAX_BATCH_ATTEMPTS = 10;
    private static final System.Logger LOG = System.getLogger("io.cachet.dynamodb");
    private static final Set<Capability> CAPABILITIES =
            Set.copyOf(EnumSet.of(Capability.ITERATE_KEYS, Capability.COUNTS_CLEARED));

    /** Whether DynamoDB's own TTL deletion is on for the table. */
    public enum TtlStatus { NOT_REQUESTED, ENABLED, NOT_SUPPORTED_BY_ENDPOINT, FAILED }

    private final DynamoDbAsyncClient client;
    /** The client and threads Cachet built and closes, or {@code null} for the application's client. */
    private final AutoCloseable owned;
    private final DynamoDbTable table;
    private final long maxValueBytes;
    private final InstantSource clock;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DynamoDbBackend(DynamoDbAsyncClient client, AutoCloseable owned, DynamoDbTable table, long maxValueBytes,
                            InstantSource clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.owned = owned;
        this.table = table;
        this.maxValueBytes = maxValueBytes;
        this.clock = clock;
    }

    /**
     * A backend with its own client. The table is checked (and created, if so configured) before
     * this returns: a missing table or a wrong key schema fails with a message naming the table.
     * An endpoint that cannot be reached does not fail it: the check is retried on later calls,
     * which meanwhile fail (and so run uncached).
     */
    public static DynamoDbBackend create(DynamoDbSettings settings, InstantSource clock) {
        DynamoDbClient owned = DynamoDbClient.create(settings);
        DynamoDbBackend backend = new DynamoDbBackend(owned.client(), owned, new DynamoDbTable(owned.client(),
                settings.table(), settings.createTable(), settings.enableTtl()), settings.maxValueBytes(), clock);
        return backend.checked(settings.apiCallTimeout().multipliedBy(3));
    }

    /** A backend over the application's client and table (the client stays the application's). */
    public static DynamoDbBackend using(DynamoDbAsyncClient client, String table) {
        DynamoDbBackend backend = new DynamoDbBackend(client, null, new DynamoDbTable(client, table, false, false),
                DynamoDbSettings.DEFAULT_MAX_VALUE_BYTES, InstantSource.system());
        return backend.checked(Duration.ofSeconds(10));
    }

    private DynamoDbBackend checked(Duration within) {
        try {
            table.awaitReady(within);
            return this;
        } catch (IllegalArgumentException e) {
            close();
            throw e;
        }
    }

    public DynamoDbAsyncClient client() {
        return client;
    }

    public String table() {
        return table.name();
    }

    public TtlStatus ttlStatus() {
        return table.ttlStatus();
    }

    // ---- operations ----

    private boolean isLive(Map<String, AttributeValue> item) {
        AttributeValue expires = item.get(EXPIRES_MS);
        return expires == null || Long.parseLong(expires.n()) > clock.millis();
    }

    @Override
    public CompletionStage<BackendEntry> get(String key) {
        return call("GetItem", key, keyed -> client.getItem(b -> b.tableName(table.name()).key(keyed).consistentRead(true)
                        .projectionExpression("#v, #ver, #exp")
                        .expressionAttributeNames(Map.of("#v", VALUE, "#ver", VERSION, "#exp", EXPIRES_MS)))
                .thenApply(response -> {
                    Map<String, AttributeValue> item = response.item();
                    if (item == null || item.isEmpty() || !isLive(item)) {
                        return null;
                    }
                    return new BackendEntry(item.get(VALUE).b().asByteArray(), Long.parseLong(item.get(VERSION).n()));
                }));
    }

    private Map<String, AttributeValue> item(String key, byte[] value, Duration ttl) {
        Map<String, AttributeValue> item = new HashMap<>(keyOf(key));
        String id = idOf(key);
        if (item.get(SK).s().startsWith("h")) {
            item.put(ID, s(id));
        }
        item.put(VALUE, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(value)));
        item.put(VERSION, n(ThreadLocalRandom.current().nextLong(1, 1L << 62)));
        if (ttl != null) {
            long expiresAt = expiresAt(ttl);
            item.put(EXPIRES_MS, n(expiresAt));
            item.put(TTL, n((expiresAt + 999) / 1000));
        }
        return item;
    }

    private long expiresAt(Duration ttl) {
        long now = clock.millis();
        long millis;
        try {
            millis = Math.max(1, ttl.toMillis());
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE / 2;
        }
        return millis > Long.MAX_VALUE / 2 - now ? Long.MAX_VALUE / 2 : now + millis;
    }

    @Override
    public CompletionStage<Void> put(String key, byte[] value, Duration ttl) {
        return call("PutItem", key, keyed -> client.putItem(b -> b.tableName(table.name()).item(item(key, value, ttl)))
                .thenApply(response -> null));
    }

    @Override
    public CompletionStage<Boolean> putIfAbsent(String key, byte[] value, Duration ttl) {
        return call("PutItem", key, keyed -> conditional(client.putItem(b -> b.tableName(table.name())
                .item(item(key, value, ttl))
                .conditionExpression("attribute_not_exists(#pk) OR #exp <= :now")
                .expressionAttributeNames(Map.of("#pk", PK, "#exp", EXPIRES_MS))
                .expressionAttributeValues(Map.of(":now", n(clock.millis()))))));
    }

    @Override
    public CompletionStage<Boolean> replace(String key, BackendEntry expected, byte[] value, Duration ttl) {
        Objects.requireNonNull(expected, "expected");
        return call("PutItem", key, keyed -> conditional(client.putItem(b -> b.tableName(table.name())
                .item(item(key, value, ttl))
                .conditionExpression("#ver = :expected AND (attribute_not_exists(#exp) OR #exp > :now)")
                .expressionAttributeNames(Map.of("#ver", VERSION, "#exp", EXPIRES_MS))
                .expressionAttributeValues(Map.of(":expected", n(expected.version()), ":now", n(clock.millis()))))));
    }

    @Override
    public CompletionStage<Boolean> delete(String key) {
        return call("DeleteItem", key, keyed -> client.deleteItem(b -> b.tableName(table.name()).key(keyed)
                        .returnValues(ReturnValue.ALL_OLD))
                .thenApply(response -> response.hasAttributes() && !response.attributes().isEmpty()
                        && isLive(response.attributes())));
    }

    @Override
    public CompletionStage<Boolean> delete(String key, BackendEntry expected) {
        Objects.requireNonNull(expected, "expected");
        return call("DeleteItem", key, keyed -> conditional(client.deleteItem(b -> b.tableName(table.name()).key(keyed)
                .conditionExpression("#ver = :expected")
                .expressionAttributeNames(Map.of("#ver", VERSION))
                .expressionAttributeValues(Map.of(":expected", n(expected.version()))))));
    }

    /**
     * Query the namespace's partition page by page (strongly consistent, keys only) and delete
     * each page with BatchWriteItem, 25 keys a request, retrying unprocessed items with backoff.
     */
    @Override
    public CompletionStage<Long> clear(String namespacePrefix) {
        String partition;
        try {
            partition = partitionKey(namespacePrefix);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return table.ready().thenCompose(ok -> clearPage(partition, null, 0L))
                .exceptionallyCompose(error -> CompletableFuture.failedFuture(failure("clear", namespacePrefix, error)));
    }

    private CompletableFuture<Long> clearPage(String partition, Map<String, AttributeValue> start, long removed) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(table.name()).consistentRead(true)
                .keyConditionExpression("#pk = :pk").projectionExpression("#pk, #sk")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s(partition))).limit(500);
        if (start != null) {
            query.exclusiveStartKey(start);
        }
        return client.query(query.build()).thenCompose(page -> {
            List<CompletableFuture<Integer>> batches = new ArrayList<>();
            List<Map<String, AttributeValue>> keys = page.items();
            for (int i = 0; i < keys.size(); i += BATCH) {
                batches.add(deleteBatch(keys.subList(i, Math.min(i + BATCH, keys.size())).stream()
                        .map(k -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(k).build()).build())
                        .toList(), 1));
            }
            return CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)).thenCompose(all -> {
                long total = removed + batches.stream().mapToLong(CompletableFuture::join).sum();
                return page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? clearPage(partition, page.lastEvaluatedKey(), total)
                        : CompletableFuture.completedFuture(total);
            });
        });
    }

    private CompletableFuture<Integer> deleteBatch(List<WriteRequest> requests, int attempt) {
        return client.batchWriteItem(b -> b.requestItems(Map.of(table.name(), requests))).thenCompose(response -> {
            List<WriteRequest> unprocessed = unprocessed(response);
            int done = requests.size() - unprocessed.size();
            if (unprocessed.isEmpty()) {
                return CompletableFuture.completedFuture(done);
            }
            if (attempt >= MAX_BATCH_ATTEMPTS) {
                return CompletableFuture.failedFuture(new CacheBackendException(unprocessed.size()
                        + " deletes still unprocessed after " + attempt + " attempts (throttled?)"));
            }
            long backoffMillis = Math.min(2_000, 25L << attempt) + ThreadLocalRandom.current().nextLong(25);
            return CompletableFuture.supplyAsync(() -> unprocessed,
                            CompletableFuture.delayedExecutor(backoffMillis, TimeUnit.MILLISECONDS))
                    .thenCompose(retry -> deleteBatch(retry, attempt + 1))
                    .thenApply(more -> done + more);
        });
    }

    private List<WriteRequest> unprocessed(BatchWriteItemResponse response) {
        return response.hasUnprocessedItems() ? response.unprocessedItems().getOrDefault(table.name(), List.of()) : List.of();
    }

    /**
     * Lists one namespace's partition. A prefix inside the namespace ({@code key|}, as evicting a
     * resource method's scoped entries asks) is a sort-key {@code begins_with} over the ids stored
     * as themselves, then, for ids too long for a sort key (stored hashed), a second phase that
     * filters on their {@code id} attribute; the cursor {@code "h"} starts that phase.
     */
    @Override
    public CompletionStage<KeyPage> scan(String namespacePrefix, String cursor, int limit) {
        if (limit <= 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("limit must be positive, but was " + limit));
        }
        String partition;
        try {
            partition = partitionKey(namespacePrefix);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        String namespace = namespacePrefix.substring(0, namespacePrefix.length() - idOf(namespacePrefix).length());
        String idPrefix = idOf(namespacePrefix);
        boolean hashedPhase = !idPrefix.isEmpty() && cursor != null && cursor.startsWith("h");
        Map<String, String> names = new java.util.HashMap<>(Map.of("#pk", PK, "#sk", SK, "#id", ID, "#exp", EXPIRES_MS));
        Map<String, AttributeValue> values = new java.util.HashMap<>(Map.of(":pk", s(partition)));
        QueryRequest.Builder query = QueryRequest.builder().tableName(table.name()).consistentRead(true)
                .projectionExpression("#sk, #id, #exp").limit(limit);
        if (idPrefix.isEmpty()) {
            query.keyConditionExpression("#pk = :pk");
        } else if (!hashedPhase) {
            query.keyConditionExpression("#pk = :pk AND begins_with(#sk, :sk)");
            values.put(":sk", s("k" + idPrefix));
        } else {
            query.keyConditionExpression("#pk = :pk AND begins_with(#sk, :sk)").filterExpression("begins_with(#id, :idp)");
            values.put(":sk", s("h"));
            values.put(":idp", s(idPrefix));
        }
        query.expressionAttributeNames(names).expressionAttributeValues(values);
        if (cursor != null && !cursor.equals("h")) {
            query.exclusiveStartKey(Map.of(PK, s(partition), SK, s(cursor)));
        }
        return table.ready().thenCompose(ok -> client.query(query.build())).thenApply((QueryResponse page) -> {
            List<String> keys = new ArrayList<>(page.items().size());
            for (Map<String, AttributeValue> item : page.items()) {
                if (isLive(item)) {
                    String sk = item.get(SK).s();
                    keys.add(namespace + (sk.startsWith("k") ? sk.substring(1) : item.get(ID).s()));
                }
            }
            String next = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                    ? page.lastEvaluatedKey().get(SK).s() : null;
            if (next == null && !idPrefix.isEmpty() && !hashedPhase) {
                next = "h"; // now the hashed ids under the prefix
            }
            return new KeyPage(keys, next);
        }).exceptionallyCompose(error -> CompletableFuture.failedFuture(failure("scan", namespacePrefix, error)));
    }

    private static CompletableFuture<Boolean> conditional(CompletableFuture<?> write) {
        return write.handle((response, error) -> {
            if (error == null) {
                return true;
            }
            if (unwrap(error) instanceof ConditionalCheckFailedException) {
                return false;
            }
            throw new CompletionException(unwrap(error));
        });
    }

    /** Checks the table (once), builds the key, runs the call, and reports failures as backend exceptions. */
    private <T> CompletionStage<T> call(String operation, String key,
                                        Function<Map<String, AttributeValue>, CompletableFuture<T>> request) {
        Map<String, AttributeValue> keyed;
        try {
            keyed = keyOf(key);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> check = table.ready();
        CompletableFuture<T> result = check.isDone() && !check.isCompletedExceptionally()
                ? invoke(request, keyed) : check.thenCompose(ok -> invoke(request, keyed));
        return result.exceptionallyCompose(error -> CompletableFuture.failedFuture(failure(operation, key, error)));
    }

    private static <T> CompletableFuture<T> invoke(Function<Map<String, AttributeValue>, CompletableFuture<T>> request,
                                                   Map<String, AttributeValue> keyed) {
        try {
            return request.apply(keyed);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The failure a stage of the SDK completed with, outside its {@code CompletionException}. */
    static Throwable unwrap(Throwable error) {
        while (error instanceof CompletionException && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }

    private CacheBackendException failure(String operation, String key, Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof CacheBackendException backend) {
            return backend;
        }
        return new CacheBackendException("dynamodb " + operation + " " + key + " on table " + table.name() + " failed: "
                + cause, cause);
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public long maxValueBytes() {
        return maxValueBytes;
    }

    @Override
    public String name() {
        return "dynamodb";
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "Cachet: closing the DynamoDB client failed: " + e);
            }
        }
    }

    @Override
    public String toString() {
        return "DynamoDbBackend[" + table.name() + "]";
    }
}
