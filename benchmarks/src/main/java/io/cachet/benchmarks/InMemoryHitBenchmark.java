package io.cachet.benchmarks;

import io.cachet.coder.JsonCoder;
import io.cachet.memory.InMemoryBackend;
import io.cachet.spi.BackendEntry;
import io.cachet.testkit.CachetWeld;
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

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Issue 2's targets: a {@code @Cached} hit on the in-memory backend against a direct call and
 * against the raw backend get plus JSON decode it cannot avoid.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class InMemoryHitBenchmark {
    private WeldContainer container;
    private QuoteService service;
    private InMemoryBackend raw;
    private JsonCoder coder;
    private String symbol;

    @Setup(Level.Trial)
    public void setUp() {
        System.setProperty("java.util.logging.config.file", "/dev/null");
        container = CachetWeld.weld(QuoteService.class)
                .initialize();
        service = container.select(QuoteService.class).get();
        symbol = "ACME";
        service.quote(symbol); // the miss that stores the entry

        coder = new JsonCoder();
        raw = InMemoryBackend.create();
        raw.put("raw", coder.encode(Quote.sample(), Quote.class), Duration.ofHours(1)).toCompletableFuture().join();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        container.close();
        raw.close();
    }

    @Benchmark
    public Quote directCall() {
        return service.direct(symbol);
    }

    @Benchmark
    public Quote rawGetAndDecode() {
        BackendEntry entry = raw.get("raw").toCompletableFuture().join();
        byte[] bytes = entry.value();
        return (Quote) coder.decode(bytes, 0, bytes.length, Quote.class);
    }

    @Benchmark
    public Quote cachedHit() {
        return service.quote(symbol);
    }
}
