package io.cachet.benchmarks;

import io.cachet.coder.JsonCoder;
import io.cachet.memcached.MemcachedBackend;
import io.cachet.memcached.MemcachedSettings;
import io.cachet.testkit.servers.MemcachedServer;
import io.cachet.testkit.CachetWeld;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.MemcachedClient;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Issue 4's target on one local memcached: the backend get (namespace version and entry in one
 * multi-get) against a raw spymemcached get, plus a {@code @Cached} hit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MemcachedBenchmark {
    private MemcachedServer server;
    private MemcachedClient raw;
    private MemcachedBackend backend;
    private WeldContainer container;
    private QuoteService service;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        System.setProperty("java.util.logging.config.file", "/dev/null");
        server = MemcachedServer.start();
        byte[] json = new JsonCoder().encode(Quote.sample(), Quote.class);
        raw = new MemcachedClient(new ConnectionFactoryBuilder().setProtocol(ConnectionFactoryBuilder.Protocol.BINARY)
                .setDaemon(true).build(), List.of(new java.net.InetSocketAddress("127.0.0.1", server.port())));
        raw.set("raw", 3600, json).get();
        backend = MemcachedBackend.create(MemcachedSettings.builder().servers(server.address()).build());
        backend.put("cachet:bench:raw", json, Duration.ofHours(1)).toCompletableFuture().get();
        backend.get("cachet:bench:raw").toCompletableFuture().get(); // learns the namespace version

        System.setProperty("cachet.backend", "memcached");
        System.setProperty("cachet.memcached.servers", server.address());
        container = CachetWeld.weld(QuoteService.class).initialize();
        service = container.select(QuoteService.class).get();
        service.quote("ACME");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        container.close();
        backend.close();
        raw.shutdown(2, TimeUnit.SECONDS);
        server.close();
    }

    @Benchmark
    public Object rawSpymemcachedGet() throws Exception {
        return raw.asyncGet("raw").get();
    }

    @Benchmark
    public Object diagRawBulkGet() throws Exception {
        return raw.asyncGetBulk("raw", "other").get();
    }

    @Benchmark
    public Object diagRawBulkGetWithListener() throws Exception {
        java.util.concurrent.CompletableFuture<Object> done = new java.util.concurrent.CompletableFuture<>();
        raw.asyncGetBulk("raw", "other").addListener(f -> done.complete(f.get()));
        return done.join();
    }

    @Benchmark
    public Object diagRawGetWithListener() throws Exception {
        java.util.concurrent.CompletableFuture<Object> done = new java.util.concurrent.CompletableFuture<>();
        raw.asyncGet("raw").addListener(f -> done.complete(f.get()));
        return done.join();
    }

    @Benchmark
    public Object backendGet() {
        return backend.get("cachet:bench:raw").toCompletableFuture().join();
    }

    @Benchmark
    public Quote cachedHit() {
        return service.quote("ACME");
    }
}
