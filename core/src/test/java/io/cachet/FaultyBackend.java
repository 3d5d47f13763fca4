package io.cachet;

import io.cachet.memory.InMemoryBackend;
import io.cachet.spi.BackendEntry;
import io.cachet.spi.CacheBackend;
import io.cachet.spi.CacheBackendException;
import io.cachet.spi.Capability;
import io.cachet.spi.KeyPage;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A real in-memory store with a switchable fault in front of it, for the failure paths a local
 * store never takes by itself (the Redis and Memcached modules kill real servers instead).
 */
final class FaultyBackend implements CacheBackend {
    enum Fault { NONE, FAIL, THROW, HANG }

    final InMemoryBackend store;
    volatile Fault fault = Fault.NONE;
    final AtomicInteger calls = new AtomicInteger();

    FaultyBackend(InMemoryBackend store) {
        this.store = store;
    }

    private <T> CompletionStage<T> run(Supplier<CompletionStage<T>> operation) {
        calls.incrementAndGet();
        return switch (fault) {
            case NONE -> operation.get();
            case FAIL -> CompletableFuture.failedFuture(new CacheBackendException("connection refused"));
            case THROW -> throw new CacheBackendException("client closed");
            case HANG -> new CompletableFuture<>();
        };
    }

    private volatile CompletableFuture<Void> heldGet;
    final java.util.concurrent.CountDownLatch heldGetIssued = new java.util.concurrent.CountDownLatch(1);

    /**
     * The next get answers what the store holds at that moment, but only once the returned
     * future is completed: a read that left before a concurrent write and arrives after it.
     */
    CompletableFuture<Void> holdNextGet() {
        CompletableFuture<Void> release = new CompletableFuture<>();
        heldGet = release;
        return release;
    }

    @Override
    public CompletionStage<BackendEntry> get(String key) {
        CompletableFuture<Void> hold = heldGet;
        if (hold != null) {
            heldGet = null;
            CompletionStage<BackendEntry> now = run(() -> store.get(key));
            heldGetIssued.countDown();
            return hold.thenCompose(released -> now);
        }
        return run(() -> store.get(key));
    }

    @Override
    public CompletionStage<Void> put(String key, byte[] value, Duration ttl) {
        return run(() -> store.put(key, value, ttl));
    }

    @Override
    public CompletionStage<Boolean> putIfAbsent(String key, byte[] value, Duration ttl) {
        return run(() -> store.putIfAbsent(key, value, ttl));
    }

    @Override
    public CompletionStage<Boolean> replace(String key, BackendEntry expected, byte[] value, Duration ttl) {
        return run(() -> store.replace(key, expected, value, ttl));
    }

    @Override
    public CompletionStage<Boolean> delete(String key) {
        return run(() -> store.delete(key));
    }

    @Override
    public CompletionStage<Boolean> delete(String key, io.cachet.spi.BackendEntry expected) {
        return run(() -> store.delete(key, expected));
    }

    @Override
    public CompletionStage<Long> clear(String namespacePrefix) {
        return run(() -> store.clear(namespacePrefix));
    }

    @Override
    public CompletionStage<KeyPage> scan(String namespacePrefix, String cursor, int limit) {
        return run(() -> store.scan(namespacePrefix, cursor, limit));
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
        return "faulty-memory";
    }

    @Override
    public void close() {
        store.close();
    }
}
