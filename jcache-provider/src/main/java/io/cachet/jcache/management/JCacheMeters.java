package io.cachet.jcache.management;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A JCache cache's statistics as Micrometer meters in Micrometer's global registry, loaded only
 * when Micrometer is on the class path ({@link CacheManagement} checks first: this class's own
 * verification needs Micrometer). They read the very counters the cache's
 * {@code CacheStatisticsMXBean} reads, so the two never disagree (both count only while statistics
 * are enabled, and {@code clear()} on the MXBean resets both). Tags: {@code cache}, {@code backend}.
 */
final class JCacheMeters implements AutoCloseable {
    private final MeterRegistry registry = Metrics.globalRegistry;
    private final List<Meter> meters = new ArrayList<>();

    private static final java.util.concurrent.atomic.AtomicInteger INSTANCES = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * Binds a cache's statistics; a cache of the same name whose meters are registered already (in
     * another manager) makes these carry an {@code instance} tag, so neither reads the other's.
     */
    JCacheMeters(String cache, String backend, Statistics statistics) {
        Tags tags = Tags.of("cache", cache, "backend", backend);
        if (registry.find("cachet.jcache.gets").tags(tags).meter() != null) {
            tags = tags.and("instance", Integer.toString(INSTANCES.incrementAndGet()));
        }
        counter("cachet.jcache.gets", tags.and("result", "hit"), statistics.hits);
        counter("cachet.jcache.gets", tags.and("result", "miss"), statistics.misses);
        counter("cachet.jcache.puts", tags, statistics.puts);
        counter("cachet.jcache.removals", tags, statistics.removals);
        counter("cachet.jcache.evictions", tags, statistics.evictions);
    }


    private void counter(String name, Tags tags, LongAdder adder) {
        meters.add(FunctionCounter.builder(name, adder, LongAdder::sum).tags(tags).register(registry));
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
