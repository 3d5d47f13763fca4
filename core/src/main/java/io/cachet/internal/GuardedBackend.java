package io.cachet.internal;

import io.cachet.CacheException;
import io.cachet.CacheSettings;
import io.cachet.CacheStats;
import io.cachet.spi.BackendEntry;
import io.cachet.spi.CacheBackend;
import io.cachet.spi.CacheBackendException;
import io.cachet.spi.Capability;
import io.cachet.spi.Envelope;
import io.cachet.spi.GuardedStore;
import io.cachet.spi.KeyPage;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The one way Cachet reaches a store: {@code @Cached}, whole-response caching and the JCache
 * provider all call this decorator, built once per store. Every call is bounded by the backend
 * timeout, refused at once while the circuit breaker is open, counted, and a failure is logged
 * (rate-limited) and reported through the stage as a {@link CacheBackendException}. A value larger
 * than the store takes is refused the same way, and the key it was meant for is removed, so the
 * store never keeps an answer its caller replaced.
 *
 * <p>What a failure means is the caller's policy: {@link #read} and {@link #write} are fail-open
 * (no cache), {@link #strict} throws {@link CacheException}, and the JCache provider chooses per
 * {@code cachet.jcache.fail-open}. The raw store, or its own client, is {@link #unwrap}'s.
 */
public final class GuardedBackend implements GuardedStore {
    private final CacheBackend backend;
    private final InstantSource clock;
    private final long timeoutNanos;
    private final CircuitBreaker circuit;
    private final RateLimitedLog log;
    private final Metrics metrics = new Metrics();

    private GuardedBackend(CacheBackend backend, CacheSettings settings) {
        this.backend = backend;
        this.clock = settings.clock();
        this.timeoutNanos = settings.backendTimeout().toNanos();
        this.circuit = new CircuitBreaker(clock, settings.circuitFailureThreshold(),
                settings.circuitOpenDuration().toMillis());
        this.log = new RateLimitedLog(clock, settings.warningInterval().toMillis());
    }

    /** The guarded store: {@code backend} itself if it is guarded already (one circuit and one set of counters a store). */
    public static GuardedBackend of(CacheBackend backend, CacheSettings settings) {
        if (backend instanceof GuardedBackend guarded) {
            return guarded;
        }
        return new GuardedBackend(java.util.Objects.requireNonNull(backend, "backend"), settings);
    }

    Metrics metrics() {
        return metrics;
    }

    RateLimitedLog log() {
        return log;
    }

    @Override
    public CacheStats stats() {
        return metrics.snapshot();
    }

    /** The near cache in front of the store, or {@code null}. */
    NearCache near() {
        return backend instanceof NearCache near ? near : null;
    }

    @Override
    public boolean available() {
        return !circuit.isOpen();
    }

    /** Finds the store's client by its {@code client()} method, which the backends have. */
    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        CacheBackend store = backend instanceof NearCache near ? near.remote() : backend;
        if (type.isInstance(backend)) {
            return type.cast(backend);
        }
        if (type.isInstance(store)) {
            return type.cast(store);
        }
        Object client;
        try {
            client = store.getClass().getMethod("client").invoke(store);
        } catch (ReflectiveOperationException | RuntimeException e) {
            client = null;
        }
        if (type.isInstance(client)) {
            return type.cast(client);
        }
        throw new IllegalArgumentException("the " + backend.name() + " store is not, and has no client that is, a "
                + type.getName());
    }

    // ---- the store's operations, guarded ----

    @Override
    public CompletionStage<BackendEntry> get(String key) {
        NearCache near = near();
        if (near != null) {
            // a copy in this JVM: no store call, so nothing the circuit breaker should count
            BackendEntry copy = near.copy(key);
            if (copy != null) {
                return CompletableFuture.completedFuture(copy);
            }
        }
        if (!circuit.isOpen()) {
            // the hot path: one store call, and nothing more when it answered already
            CompletableFuture<BackendEntry> future;
            try {
                future = backend.get(key).toCompletableFuture();
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(failure("read", key, e));
            }
            if (future.isDone() && !future.isCompletedExceptionally()) {
                circuit.onSuccess();
                return future;
            }
            return bounded("read", key, future, timeoutNanos);
        }
        return guarded("read", key, () -> backend.get(key), timeoutNanos);
    }

    @Override
    public CompletionStage<java.util.List<BackendEntry>> getAll(java.util.List<String> keys) {
        return guarded("read", keys.get(0), () -> backend.getAll(keys).thenApply(found -> {
            if (found == null || found.size() != keys.size()) {
                throw new CacheBackendException("the " + backend.name() + " store answered " + keys.size()
                        + " keys with " + (found == null ? "nothing" : found.size() + " entries"));
            }
            return found;
        }), timeoutNanos);
    }

    @Override
    public CompletionStage<Void> put(String key, byte[] value, Duration ttl) {
        if (!fits(key, value, true)) {
            return refused(key, value);
        }
        return guarded("write", key, () -> backend.put(key, value, ttl), timeoutNanos);
    }

    @Override
    public CompletionStage<Void> put(String key, byte[] value, Object local, Duration ttl) {
        if (!fits(key, value, true)) {
            return refused(key, value);
        }
        return guarded("write", key, () -> backend.put(key, value, local, ttl), timeoutNanos);
    }

    @Override
    public CompletionStage<Boolean> putIfAbsent(String key, byte[] value, Duration ttl) {
        if (!fits(key, value, false)) {
            return refused(key, value);
        }
        return guarded("write", key, () -> backend.putIfAbsent(key, value, ttl), timeoutNanos);
    }

    @Override
    public CompletionStage<Boolean> putIfAbsent(String key, byte[] value, Object local, Duration ttl) {
        if (!fits(key, value, false)) {
            return refused(key, value);
        }
        return guarded("write", key, () -> backend.putIfAbsent(key, value, local, ttl), timeoutNanos);
    }

    @Override
    public CompletionStage<Boolean> replace(String key, BackendEntry expected, byte[] value, Duration ttl) {
        if (!fits(key, value, true)) {
            return refused(key, value);
        }
        return guarded("write", key, () -> backend.replace(key, expected, value, ttl), timeoutNanos);
    }

    @Override
    public CompletionStage<Boolean> replace(String key, BackendEntry expected, byte[] value, Object local,
                                            Duration ttl) {
        if (!fits(key, value, true)) {
            return refused(key, value);
        }
        return guarded("write", key, () -> backend.replace(key, expected, value, local, ttl), timeoutNanos);
    }

    @Override
    public CompletionStage<Boolean> delete(String key) {
        return guarded("remove", key, () -> backend.delete(key), timeoutNanos);
    }

    @Override
    public CompletionStage<Boolean> delete(String key, BackendEntry expected) {
        return guarded("remove", key, () -> backend.delete(key, expected), timeoutNanos);
    }

    @Override
    public CompletionStage<Long> clear(String namespacePrefix) {
        return guarded("clear", namespacePrefix, () -> backend.clear(namespacePrefix), timeoutNanos);
    }

    @Override
    public CompletionStage<KeyPage> scan(String namespacePrefix, String cursor, int limit) {
        return guarded("list", namespacePrefix, () -> backend.scan(namespacePrefix, cursor, limit), timeoutNanos);
    }

    @Override
    public CompletionStage<Void> publish(String channel) {
        return guarded("publish", channel, () -> backend.publish(channel), timeoutNanos);
    }

    @Override
    public CompletionStage<Void> publish(String channel, String message) {
        return guarded("publish", channel, () -> backend.publish(channel, message), timeoutNanos);
    }

    /** Subscribes whatever the circuit says (a subscription outlives outages); one that fails never calls. */
    @Override
    public AutoCloseable subscribe(String channel, java.util.function.Consumer<String> listener) {
        try {
            return backend.subscribe(channel, listener);
        } catch (RuntimeException e) {
            failure("subscribe", channel, e);
            return () -> { };
        }
    }

    /** Subscribes if the circuit lets it; a store that fails to subscribe just never calls (waiters poll). */
    @Override
    public AutoCloseable subscribe(String channel, Runnable listener) {
        if (circuit.isOpen()) {
            return () -> { };
        }
        try {
            return backend.subscribe(channel, listener);
        } catch (RuntimeException e) {
            failure("subscribe", channel, e);
            return () -> { };
        }
    }

    @Override
    public Set<Capability> capabilities() {
        return backend.capabilities();
    }

    @Override
    public long maxValueBytes() {
        return backend.maxValueBytes();
    }

    @Override
    public String name() {
        return backend.name();
    }

    @Override
    public long evictions() {
        return backend.evictions();
    }

    @Override
    public void close() {
        backend.close();
    }

    // ---- policies over the guarded operations ----

    /**
     * Waits for a stage of this guard (already bounded by its timeout).
     *
     * @throws CacheBackendException the store's failure, counted and logged already
     */
    public static <T> T await(CompletionStage<T> stage) {
        CompletableFuture<T> future = stage.toCompletableFuture();
        try {
            return future.isDone() ? future.join() : future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CacheBackendException("interrupted while waiting for the store", e);
        } catch (ExecutionException | CompletionException | CancellationException e) {
            Throwable cause = unwrap(e);
            throw cause instanceof CacheBackendException known ? known
                    : new CacheBackendException("the store failed: " + cause, cause);
        }
    }

    @Override
    public byte[] read(String key) {
        BackendEntry entry;
        try {
            entry = await(get(key));
        } catch (CacheBackendException e) {
            return null;
        }
        return live(key, entry);
    }

    /** Like {@link #read}, but a store failure is a {@link CacheException} (fail-closed). */
    byte[] readStrict(String key) {
        BackendEntry entry;
        try {
            entry = await(get(key));
        } catch (CacheBackendException e) {
            throw new CacheException(e.getMessage(), e);
        }
        return live(key, entry);
    }

    /** The entry's bytes if they are a live envelope; {@code null} if absent or expired; corrupt bytes are removed. */
    byte[] live(String key, BackendEntry entry) {
        if (entry == null) {
            return null;
        }
        byte[] bytes = entry.value();
        if (!Envelope.isValid(bytes)) {
            discardCorrupt(key, "it is not a Cachet envelope of a known format", null);
            return null;
        }
        long expiresAt = Envelope.expiresAt(bytes);
        return expiresAt != Envelope.NEVER && expiresAt <= clock.millis() ? null : bytes;
    }

    @Override
    public void write(String key, byte[] envelope, Duration ttl) {
        try {
            await(put(key, envelope, ttl));
        } catch (CacheBackendException e) {
            // counted and logged by the guard: the call goes on without the cache
        }
    }

    /** Like {@link #write}, but a store failure is a {@link CacheException} (fail-closed). */
    void writeStrict(String key, byte[] envelope, Duration ttl) {
        if (!fits(key, envelope, false)) {
            return; // too large to cache is not a store failure
        }
        try {
            await(put(key, envelope, ttl));
        } catch (CacheBackendException e) {
            throw new CacheException(e.getMessage(), e);
        }
    }

    /** Stores without waiting, fail-open; the stage completes normally whatever happens. */
    CompletionStage<Void> writeAsync(String key, byte[] envelope, Duration ttl) {
        return put(key, envelope, ttl).handle((ok, error) -> null);
    }

    /** Removes an entry whose bytes could not be used (waiting at most the timeout); counted and logged (rate-limited). */
    void discardCorrupt(String key, String reason, Throwable cause) {
        discardCorrupt(key, reason, cause, null);
    }

    @Override
    public void discardCorrupt(String key, String reason, Throwable cause, BackendEntry read) {
        metrics.corruptEntries.increment();
        log.warn("corrupt", "Cachet: ignoring and removing the entry at " + key + ": " + reason, cause);
        try {
            await(read == null ? delete(key) : delete(key, read));
        } catch (CacheBackendException ignored) {
            // counted and logged: the entry will expire or be overwritten
        }
    }

    /**
     * Runs an administrative call (clear, evict) that the caller must hear about: it may take up
     * to {@code timeout} (longer than a single read), and a failure is a {@link CacheException}.
     */
    <T> T strict(String operation, String key, java.util.function.Function<CacheBackend, CompletionStage<T>> call,
                 Duration timeout) {
        try {
            return await(guarded(operation, key, () -> call.apply(backend), Math.max(timeoutNanos, timeout.toNanos())));
        } catch (CacheBackendException e) {
            throw new CacheException(e.getMessage(), e);
        }
    }

    // ---- the guard ----

    private <T> CompletionStage<T> guarded(String operation, String key, Supplier<CompletionStage<T>> call,
                                           long waitNanos) {
        if (!circuit.allow()) {
            metrics.circuitRejections.increment();
            return CompletableFuture.failedFuture(new CacheBackendException("the " + backend.name()
                    + " store is unavailable (the circuit is open after repeated failures); cannot " + operation + " "
                    + key));
        }
        CompletableFuture<T> future;
        try {
            future = call.get().toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(failure(operation, key, e));
        }
        if (future.isDone() && !future.isCompletedExceptionally()) {
            circuit.onSuccess();
            return future;
        }
        return bounded(operation, key, future, waitNanos);
    }

    /** A stage that ends when the store answers or the wait is over; its own, so the store's is never completed by us. */
    private <T> CompletionStage<T> bounded(String operation, String key, CompletableFuture<T> future, long waitNanos) {
        CompletableFuture<T> mine = new CompletableFuture<>();
        future.whenComplete((value, error) -> {
            if (error == null) {
                mine.complete(value);
            } else {
                mine.completeExceptionally(error);
            }
        });
        return mine.orTimeout(waitNanos, TimeUnit.NANOSECONDS).handle((value, error) -> {
            if (error == null) {
                circuit.onSuccess();
                return value;
            }
            Throwable cause = unwrap(error);
            if (cause instanceof TimeoutException) {
                cause = new TimeoutException("no answer within " + Duration.ofNanos(waitNanos));
            }
            throw failure(operation, key, cause);
        });
    }

    private CacheBackendException failure(String operation, String key, Throwable error) {
        metrics.backendFailures.increment();
        circuit.onFailure();
        String message = "the " + backend.name() + " store failed to " + operation + " " + key + ": " + error;
        log.warn("backend-" + operation, "Cachet: " + message, null);
        return new CacheBackendException(message, error);
    }

    /** Whether a value fits the store; if not, it is counted and logged, and (when {@code drop}) the key is removed. */
    private boolean fits(String key, byte[] value, boolean drop) {
        if (value.length <= backend.maxValueBytes()) {
            return true;
        }
        metrics.oversized.increment();
        log.warn("oversized", "Cachet: not caching " + key + ": " + value.length + " bytes exceed the "
                + backend.name() + " store's limit of " + backend.maxValueBytes(), null);
        if (drop && !circuit.isOpen()) {
            try {
                backend.delete(key); // the value it replaces must not stay behind
            } catch (RuntimeException ignored) {
                // best effort
            }
        }
        return false;
    }

    private static <T> CompletionStage<T> refused(String key, byte[] value) {
        return CompletableFuture.failedFuture(new CacheBackendException("not stored: " + key + " is " + value.length
                + " bytes, more than the store takes"));
    }

    static Throwable unwrap(Throwable error) {
        while ((error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }
}
