package io.cachet;

/**
 * One store as operators see it.
 *
 * @param name {@code default}, or the reference namespaces name it by ({@code cachet.namespaces.<ns>.backend})
 * @param backend the store's kind: {@code memory}, {@code redis}...
 * @param available whether the circuit breaker lets calls through (it opens after repeated failures)
 * @param stats the store's own counts (failures, rejections, corrupt and oversized entries, tag invalidations)
 * @param near its near cache, or {@code null} when it has none
 */
public record StoreState(String name, String backend, boolean available, CacheStats stats, Near near) {

    /**
     * A store's near cache.
     *
     * @param serving whether copies are served now (its invalidation bus works, or it has none)
     * @param hits reads of near-cached keys answered in this JVM
     * @param misses reads of near-cached keys the store answered
     * @param repairs times every copy was dropped (a lost invalidation, the bus lost or back)
     * @param size copies held now
     * @param peers other nodes heard on the invalidation bus lately
     */
    public record Near(boolean serving, long hits, long misses, long repairs, long size, int peers) {
    }
}
