package io.cachet.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import java.util.concurrent.TimeUnit;

/**
 * Issue 6's comparison: JCache {@code get} and {@code put} with store-by-value, on Cachet's
 * in-memory store, Caffeine's JCache and Ehcache 3's: the five-field record (immutable) and a
 * mutable bean with a list, which must be copied on every write and read.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class JCacheBenchmark {
    @Param({"io.cachet.jcache.CachetCachingProvider",
            "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider",
            "org.ehcache.jsr107.EhcacheCachingProvider"})
    public String provider;

    private CachingProvider cachingProvider;
    private CacheManager manager;
    private Cache<String, Quote> cache;
    private Cache<String, Basket> baskets;

    @Setup(Level.Trial)
    public void setUp() {
        System.setProperty("java.util.logging.config.file", "/dev/null");
        cachingProvider = Caching.getCachingProvider(provider);
        manager = cachingProvider.getCacheManager();
        cache = manager.createCache("quotes", new MutableConfiguration<String, Quote>()
                .setTypes(String.class, Quote.class).setStoreByValue(true));
        cache.put("ACME", Quote.sample());
        baskets = manager.createCache("baskets", new MutableConfiguration<String, Basket>()
                .setTypes(String.class, Basket.class).setStoreByValue(true));
        baskets.put("ACME", Basket.sample());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.destroyCache("quotes");
        manager.destroyCache("baskets");
        cachingProvider.close();
    }

    @Benchmark
    public Quote get() {
        return cache.get("ACME");
    }

    @Benchmark
    public void put() {
        cache.put("ACME", Quote.sample());
    }

    /** A mutable value, which every provider must copy. */
    @Benchmark
    public Basket getMutable() {
        return baskets.get("ACME");
    }

    @Benchmark
    public void putMutable() {
        baskets.put("ACME", Basket.sample());
    }
}
