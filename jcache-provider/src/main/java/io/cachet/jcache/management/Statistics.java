package io.cachet.jcache.management;

import javax.cache.management.CacheStatisticsMXBean;
import java.util.concurrent.atomic.LongAdder;

/** The JSR-107 statistics of one cache. */
final class Statistics implements CacheStatisticsMXBean {
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder puts = new LongAdder();
    final LongAdder removals = new LongAdder();
    final LongAdder evictions = new LongAdder();
    final LongAdder getNanos = new LongAdder();
    final LongAdder putNanos = new LongAdder();
    final LongAdder removeNanos = new LongAdder();

    @Override
    public void clear() {
        for (LongAdder adder : new LongAdder[] {hits, misses, puts, removals, evictions, getNanos, putNanos, removeNanos}) {
            adder.reset();
        }
    }

    @Override
    public long getCacheHits() {
        return hits.sum();
    }

    @Override
    public float getCacheHitPercentage() {
        long gets = getCacheGets();
        return gets == 0 ? 0 : 100f * hits.sum() / gets;
    }

    @Override
    public long getCacheMisses() {
        return misses.sum();
    }

    @Override
    public float getCacheMissPercentage() {
        long gets = getCacheGets();
        return gets == 0 ? 0 : 100f * misses.sum() / gets;
    }

    @Override
    public long getCacheGets() {
        return hits.sum() + misses.sum();
    }

    @Override
    public long getCachePuts() {
        return puts.sum();
    }

    @Override
    public long getCacheRemovals() {
        return removals.sum();
    }

    @Override
    public long getCacheEvictions() {
        return evictions.sum();
    }

    @Override
    public float getAverageGetTime() {
        long gets = getCacheGets();
        return gets == 0 ? 0 : getNanos.sum() / 1000f / gets;
    }

    @Override
    public float getAveragePutTime() {
        long count = puts.sum();
        return count == 0 ? 0 : putNanos.sum() / 1000f / count;
    }

    @Override
    public float getAverageRemoveTime() {
        long count = removals.sum();
        return count == 0 ? 0 : removeNanos.sum() / 1000f / count;
    }
}
