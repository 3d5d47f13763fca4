package io.cachet.spi;

/** Optional abilities of a {@link CacheBackend}. */
public enum Capability {
    /** {@link CacheBackend#scan} lists a namespace's keys. */
    ITERATE_KEYS,
    /** {@link CacheBackend#clear} reports how many entries it removed. */
    COUNTS_CLEARED,
    /**
     * The store lives in this JVM and keeps the object given to
     * {@link CacheBackend#put(String, byte[], Object, java.time.Duration)} (store-by-reference).
     */
    LOCAL,
    /**
     * {@link CacheBackend#publish} reaches every {@link CacheBackend#subscribe}r of the channel, on
     * every node (Redis pub/sub): waiters are woken instead of polling.
     */
    NOTIFY
}
