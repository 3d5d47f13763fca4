package io.cachet.spi;

import io.cachet.CacheSettings;
import io.cachet.CacheStats;
import io.cachet.internal.GuardedBackend;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A store as Cachet's modules reach it: every call bounded by the backend timeout, refused at once
 * while the store's circuit breaker is open, counted, and a failure logged (rate-limited) and
 * reported through the stage as a {@link CacheBackendException}. A value larger than the store
 * takes is refused the same way, and the key it was meant for is removed.
 *
 * <p>{@link #read} and {@link #write} are fail-open: a failing store is no cache. The raw store,
 * or its own client, is {@link #unwrap}'s.
 */
public interface GuardedStore extends CacheBackend {

    /** The guarded store: {@code backend} itself if it is guarded already (one circuit and one set of counters a store). */
    static GuardedStore of(CacheBackend backend, CacheSettings settings) {
        return GuardedBackend.of(backend, settings);
    }

    /**
     * Waits for a stage of a guarded store (already bounded by its timeout).
     *
     * @throws CacheBackendException the store's failure, counted and logged already
     */
    static <T> T await(CompletionStage<T> stage) {
        return GuardedBackend.await(stage);
    }

    /** The counters of every path through this store (failures, circuit rejections, corrupt and oversized entries). */
    CacheStats stats();

    /** Whether the circuit breaker lets calls through now. */
    boolean available();

    /**
     * A live, well-formed {@link Envelope}, fail-open: {@code null} on a miss, an expired entry, a
     * store failure, or bytes that are not an envelope (which are removed).
     */
    byte[] read(String key);

    /** Stores an envelope, waiting at most the backend timeout, fail-open: a failure is logged and counted only. */
    void write(String key, byte[] envelope, Duration ttl);

    /**
     * Removes an entry whose bytes could not be used, counted and logged (rate-limited); only if it
     * is still {@code read} when that is given, so a value written since stays.
     */
    void discardCorrupt(String key, String reason, Throwable cause, BackendEntry read);

    /**
     * This guard, the raw store it guards (any {@link CacheBackend} class it is), or the store's own
     * client (RedissonClient, MemcachedClient, DynamoDbAsyncClient).
     *
     * @throws IllegalArgumentException if none is a {@code type}
     */
    <T> T unwrap(Class<T> type);
}
