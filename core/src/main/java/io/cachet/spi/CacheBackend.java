package io.cachet.spi;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * A store Cachet keeps bytes in: the one interface every backend (memory, Redis, Memcached,
 * DynamoDB) implements.
 *
 * <p>Keys are {@code {prefix}:{namespace}:{id}}: the prefix and the namespace never contain
 * {@code ':'}, the id may contain anything (any character, any length). {@link #clear} always
 * receives a whole {@code {prefix}:{namespace}:}. Values are opaque bytes (Cachet's versioned envelope); a backend
 * stores them exactly. A {@code ttl} of {@code null} means "no expiry"; otherwise it is positive.
 *
 * <p>Every operation is asynchronous and reports failure through the returned stage, never by
 * throwing: wrap client failures in {@link CacheBackendException}. Cachet bounds each call with
 * its own timeout, so a backend need not.
 *
 * <p>A time to live is the store's own, for reclaiming space: readers trust the expiry inside the
 * envelope, so there is no operation that changes a TTL alone (a new TTL is a new write).
 */
public interface CacheBackend extends AutoCloseable {

    /** Returns the stored entry, or {@code null} in the stage when the key is absent. */
    CompletionStage<BackendEntry> get(String key);

    /**
     * The entries of several keys, in their order ({@code null} for an absent one), in one round
     * trip where the store batches reads (Redis {@code MGET}); by default the gets run concurrently.
     */
    default CompletionStage<java.util.List<BackendEntry>> getAll(java.util.List<String> keys) {
        @SuppressWarnings("unchecked")
        java.util.concurrent.CompletableFuture<BackendEntry>[] reads = new java.util.concurrent.CompletableFuture[keys.size()];
        for (int i = 0; i < reads.length; i++) {
            reads[i] = get(keys.get(i)).toCompletableFuture();
        }
        return java.util.concurrent.CompletableFuture.allOf(reads).thenApply(done -> {
            java.util.List<BackendEntry> entries = new java.util.ArrayList<>(reads.length);
            for (java.util.concurrent.CompletableFuture<BackendEntry> read : reads) {
                entries.add(read.join());
            }
            return entries;
        });
    }

    /** Stores the value unconditionally, replacing any previous one. */
    CompletionStage<Void> put(String key, byte[] value, Duration ttl);

    /**
     * Stores the value together with a live object, which a backend with {@link Capability#LOCAL}
     * keeps beside the bytes and hands back as {@link BackendEntry#local()} until the entry is
     * replaced, removed or expired. Other backends store only the bytes (the default), so callers
     * must check the capability before relying on the object.
     */
    default CompletionStage<Void> put(String key, byte[] value, Object local, Duration ttl) {
        return put(key, value, ttl);
    }

    /** Stores the value only if the key is absent; {@code true} if it was stored. One atomic store step. */
    CompletionStage<Boolean> putIfAbsent(String key, byte[] value, Duration ttl);

    /** {@link #putIfAbsent} with a live object, kept as {@link #put(String, byte[], Object, Duration)} keeps it. */
    default CompletionStage<Boolean> putIfAbsent(String key, byte[] value, Object local, Duration ttl) {
        return putIfAbsent(key, value, ttl);
    }

    /**
     * Replaces the value only if the key still holds {@code expected} (as returned by
     * {@link #get}); {@code true} if it was replaced. One atomic store step (compare-and-set).
     */
    CompletionStage<Boolean> replace(String key, BackendEntry expected, byte[] value, Duration ttl);

    /** {@link #replace} with a live object, kept as {@link #put(String, byte[], Object, Duration)} keeps it. */
    default CompletionStage<Boolean> replace(String key, BackendEntry expected, byte[] value, Object local,
                                             Duration ttl) {
        return replace(key, expected, value, ttl);
    }

    /** Removes the key; {@code true} if it was present (where the store can tell). */
    CompletionStage<Boolean> delete(String key);

    /**
     * Removes the key only if it still holds {@code expected} (as returned by {@link #get});
     * {@code true} if it was removed. One atomic store step (compare-and-delete).
     */
    CompletionStage<Boolean> delete(String key, BackendEntry expected);

    /**
     * Removes every key that starts with {@code namespacePrefix}; the count removed, or
     * {@link #UNKNOWN_COUNT} where the store cannot tell.
     */
    CompletionStage<Long> clear(String namespacePrefix);

    /**
     * One page of the keys starting with {@code namespacePrefix}. Start with a {@code null}
     * cursor and continue with {@link KeyPage#nextCursor()} until it is {@code null}. Backends
     * without {@link Capability#ITERATE_KEYS} return a failed stage.
     */
    CompletionStage<KeyPage> scan(String namespacePrefix, String cursor, int limit);

    /**
     * Tells every subscriber of {@code channel}, on every node, that something they wait for
     * happened (a {@link Capability#NOTIFY} store); others do nothing. Best effort: a subscriber
     * may miss a message, so it waits with a bound and checks for itself.
     */
    default CompletionStage<Void> publish(String channel) {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    /**
     * Runs {@code listener} (on a store thread: keep it short) for every {@link #publish} on
     * {@code channel} until the returned handle is closed; a store without {@link Capability#NOTIFY}
     * never calls it.
     */
    default AutoCloseable subscribe(String channel, Runnable listener) {
        return () -> { };
    }

    /**
     * Like {@link #publish(String)}, carrying {@code message} to every subscriber (a
     * {@link Capability#NOTIFY} store; at most once, in order per publisher on Redis). By default
     * the message is dropped and {@link #publish(String)} runs.
     */
    default CompletionStage<Void> publish(String channel, String message) {
        return publish(channel);
    }

    /**
     * Like {@link #subscribe(String, Runnable)}, handing each message to {@code listener} (on a
     * store thread: keep it short). A store without {@link Capability#NOTIFY} never calls it.
     */
    default AutoCloseable subscribe(String channel, java.util.function.Consumer<String> listener) {
        return subscribe(channel, () -> listener.accept(null));
    }

    /** What this backend can do beyond the basic operations. */
    Set<Capability> capabilities();

    /** The largest value, in bytes, this backend stores; larger ones are not cached. */
    default long maxValueBytes() {
        return Long.MAX_VALUE;
    }

    /**
     * Entries the store removed to make room since it started, where it reports them (the
     * in-memory store); {@link #UNKNOWN_COUNT} otherwise.
     */
    default long evictions() {
        return UNKNOWN_COUNT;
    }

    /** A short name for logs and metrics, such as {@code "memory"} or {@code "redis"}. */
    String name();

    /** Releases connections and threads. Closing twice is harmless. */
    @Override
    void close();

    /** Returned by {@link #clear} when the store cannot count what it removed. */
    long UNKNOWN_COUNT = -1;
}
