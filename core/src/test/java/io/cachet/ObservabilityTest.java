package io.cachet;

import io.cachet.spi.CdiParts;
import io.cachet.memory.InMemoryBackend;
import io.cachet.spi.CacheBackend;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.WeldInitiator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What operators see: Micrometer meters per namespace and store, the same figures over JMX without
 * Micrometer, and an OpenTelemetry span per call with its outcome and never the key's arguments.
 */
class ObservabilityTest {
    static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();
    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    static final OpenTelemetrySdk OTEL = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build())
            .build();
    private WeldContainer container;

    @Dependent
    public static class Observed {
        @Produces
        MeterRegistry registry() {
            return REGISTRY;
        }

        @Produces
        OpenTelemetry openTelemetry() {
            return OTEL;
        }

        @Produces
        CacheSettings settings() {
            return CacheSettings.builder().maxWaiters(1).build();
        }

        @Produces
        @ApplicationScoped
        CacheBackend backend() {
            return InMemoryBackend.builder().maxEntries(2).build();
        }
    }

    @ApplicationScoped
    public static class Catalog {
        static final AtomicInteger CALLS = new AtomicInteger();
        static volatile java.util.concurrent.Semaphore entries = new java.util.concurrent.Semaphore(0);
        static volatile CountDownLatch release = new CountDownLatch(0);

        @Cached(namespace = "items", tags = "item:{id}")
        public String item(String id) {
            return id + " #" + CALLS.incrementAndGet();
        }

        @Cached(namespace = "items")
        public String failing(String id) {
            throw new IllegalStateException("the database is down");
        }

        @Cached(namespace = "items")
        public java.util.concurrent.CompletionStage<String> failingLater(String id) {
            return later; // completed by the test, after every stage of the call was chained onto it
        }

        static volatile java.util.concurrent.CompletableFuture<String> later = new java.util.concurrent.CompletableFuture<>();

        @Cached(namespace = "held")
        public String held(String id) throws InterruptedException {
            entries.release();
            assertTrue(release.await(30, TimeUnit.SECONDS));
            return id + " #" + CALLS.incrementAndGet();
        }
    }

    private Catalog start(Map<String, String> properties, Class<?>... beans) {
        container = WeldInitiator.createWeld().addBeanClasses(beans)
                .addBeanClasses(Catalog.class).addBeanClasses(CdiParts.beanClasses().toArray(Class<?>[]::new))
                .addExtension(CdiParts.extension(properties)).initialize();
        return container.select(Catalog.class).get();
    }

    @AfterEach
    void stop() {
        Catalog.release.countDown();
        if (container != null && container.isRunning()) {
            container.close();
        }
        SPANS.reset();
    }

    private static double count(String name, String... tags) {
        return REGISTRY.get(name).tags(tags).functionCounter().count();
    }

    @Test
    void micrometerMeters_perNamespaceAndStore_readTheSameCountsAsCachetStats() {
        Catalog catalog = start(Map.of(), Observed.class);
        Cachet cachet = container.select(Cachet.class).get();
        catalog.item("a");
        catalog.item("a");
        catalog.item("b");
        catalog.item("c"); // the memory store holds two: one is evicted
        assertThrows(IllegalStateException.class, () -> catalog.failing("x"));
        cachet.invalidateTag("item:a");

        assertEquals(1, count("cachet.gets", "namespace", "items", "result", "hit", "store", "default",
                "backend", "memory"));
        assertEquals(4, count("cachet.gets", "namespace", "items", "result", "miss"));
        assertEquals(cachet.stats("items").hits(), (long) count("cachet.gets", "namespace", "items", "result", "hit"));
        assertEquals(3, REGISTRY.get("cachet.loads").tags("namespace", "items", "result", "success").timer().count());
        assertEquals(1, REGISTRY.get("cachet.loads").tags("namespace", "items", "result", "failure").timer().count());
        assertEquals(3, REGISTRY.get("cachet.entry.size").tags("namespace", "items").summary().count());
        assertTrue(REGISTRY.get("cachet.entry.size").tags("namespace", "items").summary().totalAmount() > 3 * 15);
        assertEquals(0, REGISTRY.get("cachet.store.circuit.open").tags("store", "default").gauge().value());
        assertEquals(1, count("cachet.tag.invalidations", "store", "default"));
        assertTrue(count("cachet.store.evictions", "store", "default") >= 1, "the bounded memory store reports evictions");
        assertEquals(0, count("cachet.store.failures", "store", "default"));

        container.close();
        assertNull(REGISTRY.find("cachet.gets").meter(), "the application's meters leave with it");
    }

    @Test
    void jmx_theSameFiguresOnAnMXBean_asWithoutMicrometer() throws Exception {
        Catalog catalog = start(Map.of("cachet.metrics", "jmx"), Observed.class);
        catalog.item("a");
        catalog.item("a");
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(new ObjectName("io.cachet:type=Namespace,name=\"items\",*"), null);
        assertEquals(1, names.size(), names.toString());
        ObjectName items = names.iterator().next();
        assertEquals(1L, server.getAttribute(items, "Hits"));
        assertEquals(1L, server.getAttribute(items, "Misses"));
        assertEquals(1L, server.getAttribute(items, "Loads"));
        assertEquals(false, server.getAttribute(items, "CircuitOpen"));
        assertEquals("memory", server.getAttribute(items, "Backend"));
        assertNull(REGISTRY.find("cachet.gets").meter(), "jmx: no Micrometer meters");
        container.close();
        assertFalse(server.isRegistered(items), "unregistered at shutdown");
    }

    @Test
    void aBadMetricsSettingFailsTheDeployment_namingIt() {
        RuntimeException failure = assertThrows(RuntimeException.class,
                () -> start(Map.of("cachet.metrics", "prometheus"), Observed.class));
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getMessage());
        }
        assertTrue(text.toString().contains("cachet.metrics must be one of [auto, micrometer, jmx, off], but was"
                + " 'prometheus'"), text.toString());
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    @Test
    void eachCallGetsASpan_withItsOutcome_namespaceBackendAndKeyDigest_neverTheArguments() throws Exception {
        Catalog catalog = start(Map.of(), Observed.class);
        catalog.item("secret-42");
        catalog.item("secret-42");
        assertThrows(IllegalStateException.class, () -> catalog.failing("x"));

        // one computation, one waiter (coalesced), and one caller over the cap of one waiter (bypass)
        Catalog.entries = new java.util.concurrent.Semaphore(0);
        Catalog.release = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            Future<String> leader = callers.submit(() -> catalog.held("k"));
            assertTrue(Catalog.entries.tryAcquire(30, TimeUnit.SECONDS), "the leader computes");
            Future<String> waiter = callers.submit(() -> catalog.held("k"));
            StampedeTest.awaitCondition(() -> countCoalesced(container) == 1);
            Future<String> over = callers.submit(() -> catalog.held("k"));
            assertTrue(Catalog.entries.tryAcquire(30, TimeUnit.SECONDS), "the caller over the cap computes too");
            Catalog.release.countDown();
            leader.get(30, TimeUnit.SECONDS);
            waiter.get(30, TimeUnit.SECONDS);
            over.get(30, TimeUnit.SECONDS);
        } finally {
            callers.shutdownNow();
        }

        List<SpanData> spans = SPANS.getFinishedSpanItems();
        assertEquals(List.of("miss", "hit", "error"), spans.subList(0, 3).stream().map(s -> attribute(s, "cache.outcome"))
                .toList());
        SpanData miss = spans.get(0);
        assertEquals("cachet Catalog.item", miss.getName());
        assertEquals("items", attribute(miss, "cache.namespace"));
        assertEquals("memory", attribute(miss, "cache.backend"));
        assertTrue(attribute(miss, "cache.key.digest").matches("[0-9a-f]{16}"), attribute(miss, "cache.key.digest"));
        assertEquals(attribute(miss, "cache.key.digest"), attribute(spans.get(1), "cache.key.digest"), "same key, same digest");
        for (SpanData span : spans) {
            assertFalse(span.getAttributes().toString().contains("secret-42"), "no argument in " + span);
        }
        assertEquals(io.opentelemetry.api.trace.StatusCode.ERROR, spans.get(2).getStatus().getStatusCode());
        List<String> held = spans.subList(3, spans.size()).stream().map(s -> attribute(s, "cache.outcome")).sorted().toList();
        assertEquals(List.of("bypass", "coalesced", "miss"), held);
    }

    @Test
    void aFailedStage_endsItsSpanAsAnError() throws Exception {
        Catalog catalog = start(Map.of(), Observed.class);
        Catalog.later = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<String> stage = catalog.failingLater("x").toCompletableFuture();
        Catalog.later.completeExceptionally(new IllegalStateException("the database is down, later"));
        assertThrows(java.util.concurrent.ExecutionException.class, () -> stage.get(30, TimeUnit.SECONDS));
        StampedeTest.awaitCondition(() -> SPANS.getFinishedSpanItems().size() == 1);
        SpanData span = SPANS.getFinishedSpanItems().get(0);
        assertEquals("error", attribute(span, "cache.outcome"));
        assertEquals(io.opentelemetry.api.trace.StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals(1, REGISTRY.get("cachet.loads").tags("namespace", "items", "result", "failure").timer().count());
    }

    private static long countCoalesced(WeldContainer container) {
        return container.select(Cachet.class).get().stats("held").coalesced();
    }

}
