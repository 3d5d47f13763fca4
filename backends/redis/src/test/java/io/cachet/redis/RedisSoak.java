package io.cachet.redis;

import io.cachet.CacheSettings;
import io.cachet.Cached;
import io.cachet.coder.SerializationCoder;
import io.cachet.spi.Embedded;
import io.cachet.testkit.servers.FaultProxy;
import io.cachet.testkit.servers.RedisServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A soak: {@code cachet.soak.minutes} (default 10) of bounded load on Redis through a fault proxy
 * that resets every connection once a minute, with stale-while-revalidate refreshes in play. Heap
 * after GC, live threads and open file descriptors are sampled every 30 s and must stay flat. Not in
 * the test command: {@code mvn -pl backends/redis -Psoak test}.
 */
class RedisSoak {

    public static class Service {
        @Cached(expire = 5, staleWhileRevalidate = 30, staleIfError = 60)
        public String value(String key) {
            return "v-" + key;
        }
    }

    private record Sample(long seconds, long heapMb, int threads, long descriptors) {
    }

    private static Sample sample(long startNanos) throws IOException {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        long descriptors;
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            descriptors = fds.count();
        }
        return new Sample(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos), heap, threads, descriptors);
    }

    @Test
    void boundedLoadForMinutes_heapThreadsAndConnectionsStayFlat() throws Exception {
        long minutes = Long.getLong("cachet.soak.minutes", 10);
        Method value = Service.class.getMethod("value", String.class);
        try (RedisServer redis = RedisServer.start(); FaultProxy proxy = FaultProxy.to(redis.port())) {
            RedisBackend backend = RedisBackend.create(Redis.small("redis://" + proxy.address()).build());
            Embedded engine = Embedded.create(CacheSettings.builder().coder(new SerializationCoder())
                    .backendTimeout(Duration.ofMillis(200)).circuitBreaker(3, Duration.ofSeconds(1)).build(),
                    backend, List.of(value));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong calls = new AtomicLong();
            AtomicLong failures = new AtomicLong();
            AtomicLong wrong = new AtomicLong();
            List<Thread> load = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Thread thread = new Thread(() -> {
                    while (!stop.get()) {
                        String key = "k" + ThreadLocalRandom.current().nextInt(10_000);
                        try {
                            Object answer = engine.invoke(value, new Object[] {key}, () -> "v-" + key);
                            if (!("v-" + key).equals(answer)) {
                                wrong.incrementAndGet();
                            }
                        } catch (Throwable e) {
                            failures.incrementAndGet();
                        }
                        calls.incrementAndGet();
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // a bounded rate: ~8,000 calls/s at most
                    }
                }, "soak-" + t);
                thread.setDaemon(true);
                thread.start();
                load.add(thread);
            }
            long start = System.nanoTime();
            List<Sample> samples = new ArrayList<>();
            long end = start + TimeUnit.MINUTES.toNanos(minutes);
            long nextReset = start + TimeUnit.MINUTES.toNanos(1);
            while (System.nanoTime() < end) {
                Thread.sleep(30_000); // the sampling period of a soak, not a wait for a result
                if (System.nanoTime() >= nextReset) {
                    proxy.reset();
                    nextReset += TimeUnit.MINUTES.toNanos(1);
                }
                Sample sample = sample(start);
                samples.add(sample);
                System.out.println("SOAK " + sample + " calls=" + calls.get() + " failures=" + failures.get()
                        + " wrong=" + wrong.get() + " " + engine.cachet().stats());
            }
            stop.set(true);
            for (Thread thread : load) {
                thread.join(10_000);
            }
            engine.close();
            backend.close();
            assertEquals(0, failures.get(), "failed calls");
            assertEquals(0, wrong.get(), "wrong values");
            Sample first = samples.get(Math.min(1, samples.size() - 1)); // after warm-up
            Sample last = samples.get(samples.size() - 1);
            assertTrue(last.heapMb() - first.heapMb() < 64, "heap grew: " + samples);
            assertTrue(Math.abs(last.threads() - first.threads()) <= 8, "threads changed: " + samples);
            assertTrue(Math.abs(last.descriptors() - first.descriptors()) <= 16, "descriptors changed: " + samples);
        }
    }
}
