package io.cachet.internal;

import io.cachet.CacheException;
import io.cachet.CacheSettings;
import io.cachet.spi.BackendEntry;
import io.cachet.spi.CacheBackend;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Every store call Cachet makes goes through here: bounded by the backend timeout, skipped while
 * the circuit breaker is open, counted, and - fail-open - turned into "no cache" instead of an
 * error, with a rate-limited warning. Fail-closed rethrows as {@link CacheException}.
 */
final class BackendGuard {
    private final CacheBackend backend;
    private final InstantSource clock;
    private final long timeoutNanos;
    private final boolean failOpen;
    private final CircuitBreaker circuit;
    private final RateLimitedLog log;
    private final Metrics metrics;

    BackendGuard(CacheBackend backend, CacheSettings settings, Metrics metrics, RateLimitedLog log) {
        this.backend = backend;
        this.clock = settings.clock();
        this.timeoutNanos = settings.backendTimeout().toNanos();
        this.failOpen = settings.failOpen();
        this.circuit = new CircuitBreaker(clock, settings.circuitFailureThreshold(),
                settings.circuitOpenDuration().toMillis());
        this.metrics = metrics;
        this.log = log;
    }

    CacheBackend backend() {
        return backend;
    }

    /**
     * Reads a live, well-formed envelope; {@code null} on a miss, an expired or corrupt entry,
     * or (fail-open) a store failure.
     */
    byte[] read(String key) {
        BackendEntry entry = readEntry(key);
        if (entry == null) {
            return null;
        }
        byte[] bytes = entry.value();
        if (!Envelope.isValid(bytes)) {
            discardCorrupt(key, "it is not a Cachet envelope of a known format", null);
            return null;
        }
        long expiresAt = Envelope.expiresAt(bytes);
        if (expiresAt != Envelope.NEVER && expiresAt <= clock.millis()) {
            return null;
        }
        return bytes;
    }

    /** The hot path: with the circuit closed, one store call, and no wait if it answered already. */
    private BackendEntry readEntry(String key) {
        if (circuit.isOpen()) {
            return call("read", key, () -> backend.get(key));
        }
        CompletableFuture<BackendEntry> future;
        try {
            future = backend.get(key).toCompletableFuture();
        } catch (RuntimeException e) {
            return failure("read", key, e, failOpen);
        }
        if (future.isDone() && !future.isCompletedExceptionally() && !future.isCancelled()) {
            circuit.onSuccess();
            return future.getNow(null);
        }
        return await("read", key, future, timeoutNanos, failOpen);
    }

    /** Stores an envelope, waiting at most the backend timeout; failures are logged (fail-open). */
    void write(String key, byte[] envelope, Duration ttl) {
        if (!fits(key, envelope)) {
            return;
        }
        call("write", key, () -> backend.put(key, envelope, ttl));
    }

    /** Stores without waiting; failures are logged. Completes normally whatever happens. */
    CompletionStage<Void> writeAsync(String key, byte[] envelope, Duration ttl) {
        if (!fits(key, envelope) || !circuitAllows()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletionStage<Void> put;
        try {
            put = backend.put(key, envelope, ttl);
        } catch (RuntimeException e) {
            put = CompletableFuture.failedFuture(e);
        }
        put.toCompletableFuture().orTimeout(timeoutNanos, TimeUnit.NANOSECONDS).whenComplete((ok, error) -> {
            if (error == null) {
                circuit.onSuccess();
            } else {
                recordFailure("write", key, unwrap(error), true);
            }
            done.complete(null);
        });
        return done;
    }

    /** Removes an entry whose bytes could not be used, without waiting. */
    void discardCorrupt(String key, String reason, Throwable cause) {
        metrics.corruptEntries.increment();
        log.warn("corrupt", "Cachet: ignoring and removing the entry at " + key + ": " + reason, cause);
        try {
            backend.delete(key);
        } catch (RuntimeException ignored) {
            // best effort: the entry will expire or be overwritten
        }
    }

    /** Runs a store call under the timeout and circuit breaker; fail-open returns null. */
    <T> T call(String operation, String key, Supplier<CompletionStage<T>> operationCall) {
        return call(operation, key, operationCall, timeoutNanos, failOpen);
    }

    /**
     * Runs an administrative store call (clear, evict) that the caller must hear about: it waits
     * up to {@code timeout} and always throws {@link CacheException} on failure.
     */
    <T> T callStrict(String operation, String key, Supplier<CompletionStage<T>> operationCall, Duration timeout) {
        return call(operation, key, operationCall, Math.max(timeoutNanos, timeout.toNanos()), false);
    }

    private <T> T call(String operation, String key, Supplier<CompletionStage<T>> operationCall, long waitNanos,
                       boolean failOpen) {
        if (!circuitAllows()) {
            if (failOpen) {
                return null;
            }
            throw new CacheException("the " + backend.name() + " store is unavailable (circuit open after "
                    + "repeated failures); cannot " + operation + " " + key);
        }
        CompletableFuture<T> future;
        try {
            future = operationCall.get().toCompletableFuture();
        } catch (RuntimeException e) {
            return failure(operation, key, e, failOpen);
        }
        return await(operation, key, future, waitNanos, failOpen);
    }

    private <T> T await(String operation, String key, CompletableFuture<T> future, long waitNanos, boolean failOpen) {
        Throwable error;
        try {
            T value = future.isDone() ? future.join() : future.get(waitNanos, TimeUnit.NANOSECONDS);
            circuit.onSuccess();
            return value;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = e;
        } catch (ExecutionException | CompletionException e) {
            error = unwrap(e);
        } catch (java.util.concurrent.CancellationException e) {
            error = e;
        } catch (TimeoutException e) {
            error = new TimeoutException("no answer within " + Duration.ofNanos(waitNanos));
        }
        return failure(operation, key, error, failOpen);
    }

    private <T> T failure(String operation, String key, Throwable error, boolean failOpen) {
        recordFailure(operation, key, error, failOpen);
        if (failOpen) {
            return null;
        }
        throw new CacheException("the " + backend.name() + " store failed to " + operation + " " + key + ": " + error,
                error);
    }

    private boolean circuitAllows() {
        if (circuit.allow()) {
            return true;
        }
        metrics.circuitRejections.increment();
        return false;
    }

    private void recordFailure(String operation, String key, Throwable error, boolean goingOn) {
        metrics.backendFailures.increment();
        circuit.onFailure();
        log.warn("backend-" + operation, "Cachet: " + backend.name() + " store failed to " + operation + " " + key
                + (goingOn ? "; going on without the cache: " : ": ") + error, null);
    }

    private boolean fits(String key, byte[] envelope) {
        if (envelope.length <= backend.maxValueBytes()) {
            return true;
        }
        metrics.oversized.increment();
        log.warn("oversized", "Cachet: not caching " + key + ": " + envelope.length + " bytes exceed the "
                + backend.name() + " store's limit of " + backend.maxValueBytes(), null);
        return false;
    }

    static Throwable unwrap(Throwable error) {
        while ((error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }
}
