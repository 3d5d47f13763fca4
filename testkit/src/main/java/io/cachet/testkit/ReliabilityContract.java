package io.cachet.testkit;

import io.cachet.CacheSettings;
import io.cachet.CacheStats;
import io.cachet.Cached;
import io.cachet.coder.SerializationCoder;
import io.cachet.spi.Envelope;
import io.cachet.spi.BackendEntry;
import io.cachet.spi.CacheBackend;
import io.cachet.spi.Embedded;
import io.cachet.testkit.servers.FaultProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store misbehaving under load, through a {@link FaultProxy} between Cachet and the real
 * server: it dies and returns, it gets slower than the backend timeout, the method fails while a
 * stale value exists, the stored bytes are corrupt. Every scenario asserts no failed call and no
 * wrong value, and prints its calls, p50, p99 and recovery time ({@code RELIABILITY ...} lines,
 * which {@code docs/reliability.md} reports). Each store's module runs it.
 */
public abstract class ReliabilityContract {
    private static final int THREADS = 8;
    private static final int KEYS = 50;
    /** What the method takes, so that a slow store is told from a slow method. */
    private static final long METHOD_MILLIS = 2;
    private static final Duration BACKEND_TIMEOUT = Duration.ofMillis(200);

    /** The store's server port (the proxy forwards to it). */
    protected abstract int serverPort();

    /** A client of the store that reaches it through {@code proxyAddress} ({@code 127.0.0.1:port}). */
    protected abstract CacheBackend backendThrough(String proxyAddress);

    /** The store's name in the report. */
    protected abstract String storeName();

    /** Each load thread's pause between calls: zero, unless the store is a single-threaded emulator (dynalite). */
    protected Duration pauseBetweenCalls() {
        return Duration.ZERO;
    }

    private FaultProxy proxy;
    private CacheBackend backend;

    /** The cached methods; the load calls them through the engine, computing {@code "v-" + key}. */
    public static class Service {
        @Cached(expire = 60)
        public String value(String key) {
            return "v-" + key;
        }

        @Cached(expire = 60, staleIfError = 3600)
        public String fallible(String key) {
            return "v-" + key;
        }
    }

    private static final Method VALUE = method("value");
    private static final Method FALLIBLE = method("fallible");

    private static Method method(String name) {
        try {
            return Service.class.getMethod(name, String.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void openPath() {
        proxy = FaultProxy.to(serverPort());
        backend = backendThrough(proxy.address());
        // The store answers before the load starts (dynalite is slow to warm up, a table to appear).
        Await.until("the store answers through the proxy", Duration.ofMinutes(1), () -> {
            try {
                backend.put("rel:warm:up", new byte[] {1}, Duration.ofMinutes(1)).toCompletableFuture()
                        .get(5, TimeUnit.SECONDS);
                return backend.get("rel:warm:up").toCompletableFuture().get(5, TimeUnit.SECONDS) != null;
            } catch (Exception notYet) {
                return false;
            }
        });
    }

    @AfterEach
    void closePath() {
        backend.close();
        proxy.close();
    }

    private static Embedded engine(CacheBackend backend, InstantSource clock) {
        return Embedded.create(CacheSettings.builder().prefix("rel" + Long.toHexString(System.nanoTime()))
                        .coder(new SerializationCoder()).clock(clock).backendTimeout(BACKEND_TIMEOUT)
                        .circuitBreaker(3, Duration.ofSeconds(1)).lockTimeout(Duration.ofSeconds(2)).build(),
                backend, List.of(VALUE, FALLIBLE));
    }

    private static String compute(String key) {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(METHOD_MILLIS));
        return "v-" + key;
    }

    /** Calls, failed calls, wrong values and each call's latency, from every load thread. */
    private static final class Load {
        final AtomicLong calls = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong wrong = new AtomicLong();
        final List<long[]> latencies = new ArrayList<>();
        final AtomicBoolean stop = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();
        volatile Throwable firstFailure;

        long percentileMillis(double p) {
            long[] all = latencies.stream().flatMapToLong(Arrays::stream).filter(v -> v > 0).sorted().toArray();
            return all.length == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(all[(int) Math.min(all.length - 1, Math.ceil(p * all.length) - 1)]);
        }

        long maxMillis() {
            return TimeUnit.NANOSECONDS.toMillis(latencies.stream().flatMapToLong(Arrays::stream).max().orElse(0));
        }
    }

    /** Starts {@link #THREADS} threads calling {@code method} on random keys until {@link Load#stop}. */
    private Load load(Embedded engine, Method method, java.util.function.Function<String, Object> body) {
        long pauseNanos = pauseBetweenCalls().toNanos();
        Load load = new Load();
        CountDownLatch started = new CountDownLatch(THREADS);
        for (int t = 0; t < THREADS; t++) {
            long[] latencies = new long[500_000];
            load.latencies.add(latencies);
            Thread thread = new Thread(() -> {
                started.countDown();
                int n = 0;
                java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
                while (!load.stop.get() && n < latencies.length) {
                    String key = "k" + random.nextInt(KEYS);
                    long start = System.nanoTime();
                    try {
                        Object value = engine.invoke(method, new Object[] {key}, () -> body.apply(key));
                        if (!("v-" + key).equals(value)) {
                            load.wrong.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        load.failures.incrementAndGet();
                        load.firstFailure = e;
                    }
                    latencies[n++] = System.nanoTime() - start;
                    load.calls.incrementAndGet();
                    if (pauseNanos > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(pauseNanos); // a bounded request rate
                    }
                }
            }, "load-" + t);
            thread.setDaemon(true);
            load.threads.add(thread);
            thread.start();
        }
        try {
            assertTrue(started.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return load;
    }

    private static void stop(Load load) throws InterruptedException {
        load.stop.set(true);
        for (Thread thread : load.threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    /** Lets the load run {@code millis} (it is the load, not a test, that must take this long). */
    private static void run(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    private void report(String scenario, Load load, String extra) {
        System.out.printf("RELIABILITY %s %s: calls=%d failures=%d wrong=%d p50=%dms p99=%dms max=%dms%s%n",
                storeName(), scenario, load.calls.get(), load.failures.get(), load.wrong.get(),
                load.percentileMillis(0.50), load.percentileMillis(0.99), load.maxMillis(), extra);
    }

    private static void assertClean(Load load) {
        assertEquals(0, load.failures.get(), "failed calls, the first: " + load.firstFailure);
        assertEquals(0, load.wrong.get(), "wrong values");
        assertTrue(load.calls.get() > 0, "the load ran");
    }

    @Test
    void theStoreDiesUnderLoad_andReturns_hitsResumeWithinFiveSeconds() throws Exception {
        Embedded engine = engine(backend, InstantSource.system());
        Load load = load(engine, VALUE, ReliabilityContract::compute);
        run(1_000);
        proxy.reset();
        proxy.refuse();
        run(2_000);
        long hitsBefore = engine.cachet().stats().hits();
        long healed = System.nanoTime();
        proxy.heal();
        long recoveredNanos = -1;
        while (System.nanoTime() - healed < TimeUnit.SECONDS.toNanos(10)) {
            if (engine.cachet().stats().hits() > hitsBefore + THREADS) {
                recoveredNanos = System.nanoTime() - healed;
                break;
            }
            run(10);
        }
        stop(load);
        engine.close();
        long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(recoveredNanos);
        report("store dies and returns", load, " recovery=" + (recoveredNanos < 0 ? "never" : recoveryMillis + "ms"));
        assertClean(load);
        assertTrue(recoveredNanos >= 0 && recoveryMillis < 5_000, "hits resumed after " + recoveryMillis + " ms");
    }

    @Test
    void theStoreGetsTwoSecondsSlower_callsFinishWithinTheBackendTimeout_andTheCircuitOpens() throws Exception {
        Embedded engine = engine(backend, InstantSource.system());
        Load warm = load(engine, VALUE, ReliabilityContract::compute);
        run(500);
        stop(warm);
        proxy.latency(Duration.ofSeconds(2));
        Load slow = load(engine, VALUE, ReliabilityContract::compute);
        run(3_000);
        stop(slow);
        proxy.heal();
        CacheStats stats = engine.cachet().stats();
        engine.close();
        report("store 2 s slower", slow, " circuitRejections=" + stats.circuitRejections());
        assertClean(slow);
        // a read and a write, each bounded by the timeout, plus the method, plus scheduling on two cores
        long bound = 2 * BACKEND_TIMEOUT.toMillis() + METHOD_MILLIS + 300;
        assertTrue(slow.maxMillis() <= bound, "the slowest call took " + slow.maxMillis() + " ms, over " + bound);
        assertTrue(stats.circuitRejections() > 0, "the circuit opened: " + stats);
    }

    @Test
    void theMethodFailsWhileAStaleValueExists_callersGetTheStaleValue_countedAndLogged() throws Exception {
        ManualClock clock = new ManualClock();
        Embedded engine = engine(backend, clock);
        for (int k = 0; k < KEYS; k++) {
            String key = "k" + k;
            assertEquals("v-" + key, engine.invoke(FALLIBLE, new Object[] {key}, () -> compute(key)));
        }
        clock.advance(Duration.ofSeconds(61));
        List<LogRecord> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getMessage() != null && record.getMessage().contains("answering with the entry that expired")) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("io.cachet").addHandler(capture);
        try {
            Load load = load(engine, FALLIBLE, key -> {
                throw new IllegalStateException("the database is down");
            });
            run(1_000);
            stop(load);
            CacheStats stats = engine.cachet().stats();
            report("method fails, stale exists", load, " staleOnError=" + stats.staleOnError());
            assertClean(load);
            assertEquals(load.calls.get(), stats.staleOnError(), "every call was answered stale: " + stats);
            assertTrue(!warnings.isEmpty(), "the warning is logged");
        } finally {
            Logger.getLogger("io.cachet").removeHandler(capture);
            engine.close();
        }
    }

    @Test
    void corruptOrForeignBytesUnderAKey_areAMiss_andRepaired() throws Exception {
        Embedded engine = engine(backend, InstantSource.system());
        String key = "k-corrupt";
        String stored = engine.cachet().keyOf(VALUE, key);
        byte[][] bad = {"not an envelope".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Envelope.wrap(new byte[] {1, 2, 3}, Envelope.NEVER)};
        for (byte[] bytes : bad) {
            backend.put(stored, bytes, Duration.ofMinutes(1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals("v-" + key, engine.invoke(VALUE, new Object[] {key}, () -> compute(key)), "a miss, no exception");
            BackendEntry repaired = backend.get(stored).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertNotNull(repaired, "stored anew");
            assertTrue(Envelope.isValid(repaired.value()), "the entry is repaired");
            assertEquals("v-" + key, engine.invoke(VALUE, new Object[] {key}, () -> {
                throw new IllegalStateException("a hit must not compute");
            }));
        }
        assertTrue(engine.cachet().stats().corruptEntries() >= 1, engine.cachet().stats().toString());
        engine.close();
    }
}
