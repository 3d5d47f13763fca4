package io.cachet;

/**
 * A snapshot of Cachet's counters since start.
 *
 * @param hits calls answered from the cache
 * @param misses calls that ran the method because nothing usable was cached
 * @param bypassed calls that skipped the cache (disabled)
 * @param backendFailures store calls that failed or timed out (the call went on uncached)
 * @param circuitRejections store calls skipped while the circuit breaker was open
 * @param corruptEntries stored values that could not be read (treated as misses, removed)
 * @param encodeFailures results that could not be encoded (returned, not cached)
 * @param oversized results too large for the store (returned, not cached)
 * @param coalesced misses that waited for a concurrent computation of the same key instead of running
 * @param lockTimeouts calls that stopped waiting for a concurrent computation and ran uncached
 * @param staleHits calls answered with an expired entry while it was refreshed ({@code STALE})
 * @param staleOnError calls whose method failed and that were answered with an expired entry
 * @param refreshes background refreshes started
 * @param refreshesSkipped background refreshes not started because every refresh thread was busy
 * @param loads computations of a method on a miss (or a refresh), failed ones included
 * @param loadFailures computations that threw or whose stage failed
 * @param loadNanos the time all computations took, in nanoseconds
 * @param tagInvalidations {@code Cachet.invalidateTag} calls (one per tag and store)
 */
public record CacheStats(long hits, long misses, long bypassed, long backendFailures, long circuitRejections,
                         long corruptEntries, long encodeFailures, long oversized, long coalesced,
                         long lockTimeouts, long staleHits, long staleOnError, long refreshes,
                         long refreshesSkipped, long loads, long loadFailures, long loadNanos,
                         long tagInvalidations) {
}
