package io.cachet.internal;

import io.cachet.CacheStats;

import java.util.concurrent.atomic.LongAdder;

/** Cachet's counters; {@link #snapshot()} reads them as {@link CacheStats}. */
final class Metrics {
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder bypassed = new LongAdder();
    final LongAdder backendFailures = new LongAdder();
    final LongAdder circuitRejections = new LongAdder();
    final LongAdder corruptEntries = new LongAdder();
    final LongAdder encodeFailures = new LongAdder();
    final LongAdder oversized = new LongAdder();
    final LongAdder coalesced = new LongAdder();
    final LongAdder lockTimeouts = new LongAdder();
    final LongAdder staleHits = new LongAdder();
    final LongAdder staleOnError = new LongAdder();
    final LongAdder refreshes = new LongAdder();
    final LongAdder refreshesSkipped = new LongAdder();

    CacheStats snapshot() {
        return new CacheStats(hits.sum(), misses.sum(), bypassed.sum(), backendFailures.sum(),
                circuitRejections.sum(), corruptEntries.sum(), encodeFailures.sum(), oversized.sum(),
                coalesced.sum(), lockTimeouts.sum(), staleHits.sum(), staleOnError.sum(), refreshes.sum(),
                refreshesSkipped.sum());
    }
}
