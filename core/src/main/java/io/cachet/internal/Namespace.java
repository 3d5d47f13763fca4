package io.cachet.internal;

import io.cachet.CacheSettings;

/**
 * One namespace as the engine runs it: its settings (the global ones, changed by its
 * {@code cachet.namespaces.<name>.*} properties), its guarded store, its cluster-wide flights and
 * its call counters.
 */
final class Namespace {
    final String name;
    final CacheSettings settings;
    final GuardedBackend store;
    final ClusterFlight cluster;
    /** Calls of this namespace's methods: hits, misses, stale answers, waits, loads. */
    final Metrics metrics = new Metrics();
    /** {@code {prefix}:{name}:}, the start of every key of the namespace. */
    final String keyPrefix;

    Namespace(String name, CacheSettings settings, GuardedBackend store) {
        this.name = name;
        this.settings = settings;
        this.store = store;
        this.keyPrefix = settings.prefix() + ":" + name + ":";
        this.cluster = new ClusterFlight(store, settings.prefix(), settings.leaseTime(), settings.lockTimeout(),
                System::nanoTime);
    }

    @Override
    public String toString() {
        return name.isEmpty() ? "the default namespace" : "namespace " + name;
    }
}
