package io.cachet.benchmarks;

import io.cachet.coder.JsonCoder;
import io.cachet.redis.RedisBackend;
import io.cachet.redis.RedisSettings;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.jcache.configuration.RedissonConfiguration;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Issue 3's targets on one local redis-server: latency of a raw Redisson {@code RBucket.get}, the
 * backend's get and a {@code @Cached} hit; throughput with 16 callers of a {@code @Cached} hit
 * against Redisson's own JCache {@code get}.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RedisBenchmark {
    private RedisServer server;
    private RedissonClient raw;
    private RBucket<byte[]> rawBucket;
    private RedisBackend backend;
    private WeldContainer container;
    private QuoteService service;
    private CacheManager jcacheManager;
    private Cache<String, Quote> jcache;

    @Setup(Level.Trial)
    public void setUp() {
        System.setProperty("java.util.logging.config.file", "/dev/null");
        server = RedisServer.start();
        RedisSettings settings = RedisSettings.builder().address(server.address()).build();
        raw = Redisson.create(settings.toRedissonConfig());
        rawBucket = raw.getBucket("raw", ByteArrayCodec.INSTANCE);
        rawBucket.set(new JsonCoder().encode(Quote.sample(), Quote.class), Duration.ofHours(1));
        backend = RedisBackend.using(raw);

        // @Cached through Weld, on a backend Cachet builds from properties with its own defaults.
        System.setProperty("cachet.backend", "redis");
        System.setProperty("cachet.redis.address", server.address());
        container = CachetWeld.weld(QuoteService.class).initialize();
        service = container.select(QuoteService.class).get();
        service.quote("ACME");

        // Redisson's JCache on the same server, with a client configured like Cachet's.
        jcacheManager = Caching.getCachingProvider("org.redisson.jcache.JCachingProvider").getCacheManager();
        jcache = jcacheManager.createCache("quotes",
                RedissonConfiguration.fromInstance(raw, new MutableConfiguration<String, Quote>()));
        jcache.put("ACME", Quote.sample());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        jcacheManager.close();
        container.close();
        raw.shutdown();
        server.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] rawRedissonGet() {
        return rawBucket.get();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object backendGet() {
        return backend.get("raw").toCompletableFuture().join();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Quote cachedHit() {
        return service.quote("ACME");
    }

    @Benchmark
    @Threads(16)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Quote cachedHit16Threads() {
        return service.quote("ACME");
    }

    @Benchmark
    @Threads(16)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Quote redissonJCacheGet16Threads() {
        return jcache.get("ACME");
    }
}
