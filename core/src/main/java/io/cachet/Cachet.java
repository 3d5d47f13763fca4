package io.cachet;

import io.cachet.spi.CacheBackend;

import java.lang.reflect.Method;

/**
 * Cachet at run time, injectable anywhere: clear a namespace or one entry (the analogue of
 * fastapi-cache's {@code FastAPICache.clear}), switch caching off and on, read statistics.
 */
public interface Cachet {

    /**
     * Removes every entry of {@code namespace} ({@code ""} is the default namespace); the count
     * removed, or {@link CacheBackend#UNKNOWN_COUNT} where the store cannot tell.
     */
    long clear(String namespace);

    /**
     * Removes the entry that the {@code @Cached} method {@code methodName} of {@code beanClass}
     * stored for these arguments (passed exactly as to the method, infrastructure parameters
     * included or as {@code null}); {@code true} if there was one.
     *
     * @throws IllegalArgumentException if no single {@code @Cached} method matches
     */
    boolean evict(Class<?> beanClass, String methodName, Object... arguments);

    /** Like {@link #evict(Class, String, Object...)} for a known method. */
    boolean evict(Method method, Object... arguments);

    /** The key a call of {@code method} with these arguments is stored under. */
    String keyOf(Method method, Object... arguments);

    /**
     * Makes every entry tagged {@code tag} ({@link Cached#tags()}, as rendered: {@code product:42})
     * a miss, in every namespace and on every store: one write per store and prefix, a new version
     * of the tag. Entries are not removed: they are never served again, and expire as usual.
     *
     * @throws CacheException when a store could not be written (the invalidation may not have happened)
     */
    void invalidateTag(String tag);

    /** Whether {@code @Cached} methods use the cache now. */
    boolean isEnabled();

    /** Switches caching at run time: while off, calls go straight to the method. */
    void setEnabled(boolean enabled);

    /** The settings in force. */
    CacheSettings settings();

    /**
     * The store in use, shared by every cached method (and by {@code cachet:cdi} JCache managers),
     * guarded as every call Cachet makes is: bounded by the backend timeout, skipped while the
     * circuit breaker is open, counted, a failure logged (rate-limited) and reported through the
     * returned stage. The unguarded store is {@link #unwrap}'s.
     */
    CacheBackend backend();

    /**
     * The raw store, by its own class ({@code RedisBackend}, {@code InMemoryBackend}...), or the
     * store's own client ({@code RedissonClient}, {@code MemcachedClient}, {@code DynamoDbAsyncClient});
     * {@code CacheBackend.class} answers the guarded {@link #backend()} itself, {@code Cachet.class}
     * the instance behind an injected client proxy, and {@code io.cachet.spi.Stores.class} the
     * stores as Cachet's modules use them.
     *
     * @throws IllegalArgumentException if none is a {@code type}
     */
    <T> T unwrap(Class<T> type);

    /** Counts since start, of every namespace and store. */
    CacheStats stats();

    /**
     * Counts since start of one namespace's calls, with those of the store it uses (store
     * failures, circuit rejections, corrupt and oversized entries, shared by the namespaces on it).
     */
    CacheStats stats(String namespace);

    /** The namespaces in use: configured, or named by a {@code @Cached} method ({@code ""}: the default). */
    java.util.SortedSet<String> namespaces();

    /** Every store in use, the default first, with its circuit state. */
    java.util.List<StoreState> stores();
}
