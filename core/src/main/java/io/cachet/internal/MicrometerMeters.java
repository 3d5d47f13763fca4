package io.cachet.internal;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * Cachet's counters as Micrometer meters, loaded only when Micrometer is on the class path. The
 * counters stay Cachet's own ({@code LongAdder}s the call path bumps); the meters read them, so a
 * call costs nothing more. Loads are a timer and entry sizes a distribution summary, recorded as
 * they happen. Per namespace the tags are {@code namespace} and {@code store} (the store's name:
 * {@code default} or its reference) and {@code backend} ({@code redis}...); per store,
 * {@code store} and {@code backend}.
 */
final class MicrometerMeters implements AutoCloseable {
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final List<Metrics> recorded = new ArrayList<>();

    private MicrometerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    private static final java.util.concurrent.atomic.AtomicInteger INSTANCES = new java.util.concurrent.atomic.AtomicInteger();
    /** Empty, or {@code instance=<n>} when another application's Cachet meters are in the registry already. */
    private Tags instance = Tags.empty();

    /**
     * Registers the meters of every namespace and store of {@code namespaces} in {@code registry}.
     * When the registry holds another Cachet's meters already (two applications on one server's
     * registry), this one's get an {@code instance} tag, so neither reads the other's counters.
     */
    static MicrometerMeters bind(Object registry, Namespaces namespaces) {
        MicrometerMeters bound = new MicrometerMeters((MeterRegistry) registry);
        int instance = INSTANCES.incrementAndGet();
        if (bound.registry.find("cachet.gets").meter() != null || bound.registry.find("cachet.store.failures").meter() != null) {
            bound.instance = Tags.of("instance", Integer.toString(instance));
        }
        try {
            for (Namespace space : namespaces.all()) {
                bound.namespace(space, namespaces.storeName(space.store));
            }
            for (GuardedBackend store : namespaces.stores()) {
                bound.store(store, namespaces.storeName(store));
            }
        } catch (RuntimeException e) {
            bound.close();
            throw e;
        }
        return bound;
    }

    private void namespace(Namespace space, String storeName) {
        Metrics m = space.metrics;
        Tags tags = Tags.of("namespace", space.name, "store", storeName, "backend", space.store.name()).and(instance);
        counter("cachet.gets", "calls answered from the cache (hit), not (miss), or with an expired entry (stale)",
                tags.and("result", "hit"), m.hits);
        counter("cachet.gets", null, tags.and("result", "miss"), m.misses);
        counter("cachet.gets", null, tags.and("result", "stale"), m.staleHits);
        counter("cachet.stale.on.error", "failed calls answered with an expired entry", tags, m.staleOnError);
        counter("cachet.coalesced", "misses that waited for another caller's computation instead of running", tags,
                m.coalesced);
        counter("cachet.lock.timeouts", "callers that stopped waiting for another's computation", tags, m.lockTimeouts);
        counter("cachet.bypassed", "calls that skipped the cache", tags, m.bypassed);
        counter("cachet.encode.failures", "results that could not be encoded (returned, not cached)", tags,
                m.encodeFailures);
        counter("cachet.refreshes", "background refreshes started, or skipped with every refresh thread busy",
                tags.and("result", "started"), m.refreshes);
        counter("cachet.refreshes", null, tags.and("result", "skipped"), m.refreshesSkipped);
        Timer success = add(Timer.builder("cachet.loads").description("computations of a method on a miss")
                .tags(tags.and("result", "success")).register(registry));
        Timer failure = add(Timer.builder("cachet.loads").tags(tags.and("result", "failure")).register(registry));
        DistributionSummary sizes = add(DistributionSummary.builder("cachet.entry.size")
                .description("bytes of each entry written to the store").baseUnit("bytes").tags(tags)
                .register(registry));
        m.recorder(new Metrics.Recorder() {
            @Override
            public void load(long nanos, boolean failed) {
                (failed ? failure : success).record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void entry(int bytes) {
                sizes.record(bytes);
            }
        });
        recorded.add(m);
    }

    private void store(GuardedBackend store, String storeName) {
        Metrics m = store.metrics();
        Tags tags = Tags.of("store", storeName, "backend", store.name()).and(instance);
        counter("cachet.store.failures", "store calls that failed or timed out", tags, m.backendFailures);
        counter("cachet.store.rejections", "store calls skipped while the circuit breaker was open", tags,
                m.circuitRejections);
        counter("cachet.store.corrupt", "stored values that could not be read (misses, removed)", tags, m.corruptEntries);
        counter("cachet.store.oversized", "values larger than the store takes (not cached)", tags, m.oversized);
        counter("cachet.tag.invalidations", "tags invalidated on this store", tags, m.tagInvalidations);
        gauge("cachet.store.circuit.open", "1 while the circuit breaker skips the store, else 0", tags, store,
                s -> s.available() ? 0 : 1);
        NearCache near = store.near();
        if (near != null) {
            counter("cachet.near.gets", "reads of a near-cached key answered in this JVM (hit) or by the store (miss)",
                    tags.and("result", "hit"), near.hits);
            counter("cachet.near.gets", null, tags.and("result", "miss"), near.misses);
            counter("cachet.near.repairs", "times every near copy was dropped: a lost invalidation, the bus lost or back",
                    tags, near.repairs);
            gauge("cachet.near.size", "entries in the near cache", tags, near, n -> n.size());
        }
        if (store.evictions() >= 0) {
            add(FunctionCounter.builder("cachet.store.evictions", store, GuardedBackend::evictions)
                    .description("entries the store removed to make room").tags(tags).register(registry));
        }
    }

    private void counter(String name, String description, Tags tags, LongAdder adder) {
        add(FunctionCounter.builder(name, adder, LongAdder::sum).description(description).tags(tags)
                .register(registry));
    }

    private <T> void gauge(String name, String description, Tags tags, T object, ToDoubleFunction<T> value) {
        add(Gauge.builder(name, object, value).description(description).tags(tags).register(registry));
    }

    private <M extends Meter> M add(M meter) {
        meters.add(meter);
        return meter;
    }

    /** Removes the meters (the application is going away; a redeployment registers its own). */
    @Override
    public void close() {
        for (Metrics m : recorded) {
            m.recorder(Metrics.Recorder.NONE);
        }
        for (Meter meter : meters) {
            registry.remove(meter);
        }
    }
}
