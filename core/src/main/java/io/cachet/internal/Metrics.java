package io.cachet.internal;

import io.cachet.CacheStats;

import java.util.Collection;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Cachet's counters: a namespace's calls, or a store's operations. {@link #snapshot()} reads them
 * as {@link CacheStats}; a {@link Recorder} (Micrometer's timer and distribution summary) also
 * hears each load and each stored entry's size.
 */
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
    final LongAdder loads = new LongAdder();
    final LongAdder loadFailures = new LongAdder();
    final LongAdder loadNanos = new LongAdder();
    final LongAdder entriesStored = new LongAdder();
    final LongAdder entryBytes = new LongAdder();
    final LongAccumulator largestEntry = new LongAccumulator(Math::max, 0);
    final LongAdder tagInvalidations = new LongAdder();
    private volatile Recorder recorder = Recorder.NONE;

    /** Hears what counters cannot hold: each load's time, each entry's size. */
    interface Recorder {
        Recorder NONE = new Recorder() {
            @Override
            public void load(long nanos, boolean failed) {
            }

            @Override
            public void entry(int bytes) {
            }
        };

        void load(long nanos, boolean failed);

        void entry(int bytes);
    }

    void recorder(Recorder recorder) {
        this.recorder = recorder;
    }

    /** One computation of the method: how long it took, and whether it failed. */
    void load(long nanos, boolean failed) {
        loads.increment();
        loadNanos.add(nanos);
        if (failed) {
            loadFailures.increment();
        }
        recorder.load(nanos, failed);
    }

    /** One entry written to the store, of this many bytes (envelope included). */
    void entryBytes(int bytes) {
        entriesStored.increment();
        entryBytes.add(bytes);
        largestEntry.accumulate(bytes);
        recorder.entry(bytes);
    }

    CacheStats snapshot() {
        return sum(java.util.List.of(this));
    }

    /** The sum of several sets of counters (every namespace, every store). */
    static CacheStats sum(Collection<Metrics> all) {
        long[] t = new long[18];
        for (Metrics m : all) {
            t[0] += m.hits.sum();
            t[1] += m.misses.sum();
            t[2] += m.bypassed.sum();
            t[3] += m.backendFailures.sum();
            t[4] += m.circuitRejections.sum();
            t[5] += m.corruptEntries.sum();
            t[6] += m.encodeFailures.sum();
            t[7] += m.oversized.sum();
            t[8] += m.coalesced.sum();
            t[9] += m.lockTimeouts.sum();
            t[10] += m.staleHits.sum();
            t[11] += m.staleOnError.sum();
            t[12] += m.refreshes.sum();
            t[13] += m.refreshesSkipped.sum();
            t[14] += m.loads.sum();
            t[15] += m.loadFailures.sum();
            t[16] += m.loadNanos.sum();
            t[17] += m.tagInvalidations.sum();
        }
        return new CacheStats(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10], t[11], t[12], t[13],
                t[14], t[15], t[16], t[17]);
    }
}
