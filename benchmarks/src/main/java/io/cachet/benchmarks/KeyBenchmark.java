package io.cachet.benchmarks;

import io.cachet.CacheSettings;
import io.cachet.spi.Embedded;
import io.cachet.memory.InMemoryBackend;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Where a hit's overhead goes: the key alone, and the engine without CDI. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class KeyBenchmark {
    private Embedded engine;
    private io.cachet.Cachet cachet;
    private Method method;
    private Object[] arguments;
    private final QuoteService target = new QuoteService();

    @Setup
    public void setUp() throws Exception {
        method = QuoteService.class.getMethod("quote", String.class);
        engine = Embedded.create(CacheSettings.defaults(), InMemoryBackend.create(), List.of(method));
        cachet = engine.cachet();
        arguments = new Object[] {"ACME"};
        engine.invoke(method, arguments, () -> target.direct("ACME"));
    }

    @Benchmark
    public String key() {
        return cachet.keyOf(method, arguments);
    }

    @Benchmark
    public Object engineHit() throws Exception {
        return engine.invoke(method, arguments, () -> target.direct("ACME"));
    }
}
