package io.cachet.benchmarks;

import io.cachet.Cachet;
import io.cachet.testkit.servers.RedisServer;
import io.cachet.testkit.CachetWeld;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 17's target in one run: a {@code @Cached} hit on the in-memory store, on Redis, and on
 * Redis with the near cache (at most twice the memory hit), each through Weld with the real
 * interceptor, on one local redis-server.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class NearCacheBenchmark {
    private RedisServer server;
    private WeldContainer memory;
    private WeldContainer redis;
    private WeldContainer near;
    private QuoteService onMemory;
    private QuoteService onRedis;
    private QuoteService onRedisNear;

    private static WeldContainer container(String id, Map<String, String> properties) {
        return CachetWeld.weld(properties, null, null, QuoteService.class).initialize();
    }

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        System.setProperty("java.util.logging.config.file", "/dev/null");
        server = RedisServer.start();
        memory = container("memory", Map.of("cachet.backend", "memory"));
        redis = container("redis", Map.of("cachet.backend", "redis", "cachet.redis.address", server.address(),
                "cachet.prefix", "plain"));
        near = container("near", Map.of("cachet.backend", "redis", "cachet.redis.address", server.address(),
                "cachet.prefix", "near", "cachet.near.enabled", "true"));
        Cachet nearCachet = near.select(Cachet.class).get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!nearCachet.stores().get(0).near().serving()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the near cache never heard its heartbeat");
            }
            Thread.onSpinWait();
        }
        onMemory = memory.select(QuoteService.class).get();
        onRedis = redis.select(QuoteService.class).get();
        onRedisNear = near.select(QuoteService.class).get();
        for (QuoteService service : new QuoteService[] {onMemory, onRedis, onRedisNear}) {
            service.quote("ACME");
            service.quote("ACME");
        }
        if (nearCachet.stores().get(0).near().hits() == 0) {
            throw new IllegalStateException("the near-cached hit did not come from the near cache");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        near.close();
        redis.close();
        memory.close();
        server.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Quote memoryHit() {
        return onMemory.quote("ACME");
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Quote redisHit() {
        return onRedis.quote("ACME");
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Quote redisNearHit() {
        return onRedisNear.quote("ACME");
    }
}
