package io.cachet.testkit;

import io.cachet.spi.BackendEntry;
import io.cachet.spi.CacheBackend;
import io.cachet.spi.Capability;
import io.cachet.spi.KeyPage;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real store with its calls counted and nothing else changed: how many reads ({@code get}) and
 * writes ({@code put}, {@code putIfAbsent}, {@code replace}, with or without a kept object) reach it.
 */
public final class CountingBackend implements CacheBackend {
    private final CacheBackend store;
    public final AtomicInteger reads = new AtomicInteger();
    public final AtomicInteger writes = new AtomicInteger();

    public CountingBackend(CacheBackend store) {
        this.store = store;
    }

    @Override
    public CompletionStage<BackendEntry> get(String key) {
        reads.incrementAndGet();
        return store.get(key);
    }

    /** One read, however many keys: the store answers them in one call. */
    @Override
    public CompletionStage<java.util.List<BackendEntry>> getAll(java.util.List<String> keys) {
        reads.incrementAndGet();
        return store.getAll(keys);
    }

    @Override
    public CompletionStage<Void> put(String key, byte[] value, Duration ttl) {
        writes.incrementAndGet();
        return store.put(key, value, ttl);
    }

    @Override
    public CompletionStage<Void> put(String key, byte[] value, Object local, Duration ttl) {
        writes.incrementAndGet();
        return store.put(key, value, local, ttl);
    }

    @Override
    public CompletionStage<Boolean> putIfAbsent(String key, byte[] value, Duration ttl) {
        writes.incrementAndGet();
        return store.putIfAbsent(key, value, ttl);
    }

    @Override
    public CompletionStage<Boolean> putIfAbsent(String key, byte[] value, Object local, Duration ttl) {
        writes.incrementAndGet();
        return store.putIfAbsent(key, value, local, ttl);
    }

    @Override
    public CompletionStage<Boolean> replace(String key, BackendEntry expected, byte[] value, Duration ttl) {
        writes.incrementAndGet();
        return store.replace(key, expected, value, ttl);
    }

    @Override
    public CompletionStage<Boolean> replace(String key, BackendEntry expected, byte[] value, Object local,
                                            Duration ttl) {
        writes.incrementAndGet();
        return store.replace(key, expected, value, local, ttl);
    }

    @Override
    public CompletionStage<Boolean> delete(String key) {
        return store.delete(key);
    }

    @Override
    public CompletionStage<Boolean> delete(String key, BackendEntry expected) {
        return store.delete(key, expected);
    }

    @Override
    public CompletionStage<Long> clear(String namespacePrefix) {
        return store.clear(namespacePrefix);
    }

    @Override
    public CompletionStage<KeyPage> scan(String namespacePrefix, String cursor, int limit) {
        return store.scan(namespacePrefix, cursor, limit);
    }

    @Override
    public CompletionStage<Void> publish(String channel) {
        return store.publish(channel);
    }

    @Override
    public AutoCloseable subscribe(String channel, Runnable listener) {
        return store.subscribe(channel, listener);
    }

    @Override
    public Set<Capability> capabilities() {
        return store.capabilities();
    }

    @Override
    public long maxValueBytes() {
        return store.maxValueBytes();
    }

    @Override
    public String name() {
        return "counted-" + store.name();
    }

    @Override
    public void close() {
        store.close();
    }
}
