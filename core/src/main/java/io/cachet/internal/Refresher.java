package io.cachet.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Background refreshes of stale entries: at most one per key, at most {@code threads} at once, no
 * queue. A refresh asked for while every thread is busy is not started (the caller has its stale
 * value already, and a later call asks again); nothing waits and nothing grows under load. The
 * threads are daemons, started on demand and gone after 30 s idle; {@link #close} stops them.
 */
final class Refresher implements AutoCloseable {
    private final ThreadPoolExecutor pool;
    private final ConcurrentHashMap<String, Boolean> running = new ConcurrentHashMap<>();
    /** Wraps each refresh, e.g. in a CDI request context of its own. */
    private volatile UnaryOperator<Runnable> context = UnaryOperator.identity();

    Refresher(int threads) {
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "cachet-refresh-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
        this.pool.allowCoreThreadTimeOut(true);
    }

    /** Runs each refresh inside {@code wrapper}'s context (the CDI extension gives it a request context). */
    void context(UnaryOperator<Runnable> wrapper) {
        this.context = wrapper;
    }

    /**
     * Starts {@code refresh} for {@code key} unless one runs for it already or every thread is busy;
     * counted in {@code metrics} (refreshes started, or skipped for want of a thread).
     */
    void refresh(String key, Runnable refresh, Metrics metrics) {
        if (running.putIfAbsent(key, Boolean.TRUE) != null) {
            return;
        }
        Runnable task = context.apply(refresh);
        try {
            pool.execute(() -> {
                try {
                    task.run();
                } finally {
                    running.remove(key);
                }
            });
            metrics.refreshes.increment();
        } catch (RejectedExecutionException busy) {
            running.remove(key);
            metrics.refreshesSkipped.increment();
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
