package io.cachet;

import io.cachet.spi.Envelope;
import io.cachet.memory.InMemoryBackend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Corrupt or foreign bytes are a miss and are removed; oversized results are returned uncached. */
@EnableWeld
class CorruptAndOversizedTest {
    final InMemoryBackend backend = InMemoryBackend.builder().maxValueBytes(2_000).build();

    @WeldSetup
    WeldInitiator weld = Cdi.with(CacheSettings.defaults(), backend, Service.class);

    @Inject
    Service service;
    @Inject
    Cachet cachet;

    @ApplicationScoped
    static class Service {
        private final AtomicInteger calls = new AtomicInteger();

        int calls() {
            return calls.get();
        }

        @Cached
        public Item item() {
            calls.incrementAndGet();
            return Item.sample("fresh");
        }

        @Cached
        public String big(int size) {
            calls.incrementAndGet();
            return "x".repeat(size);
        }
    }

    private String itemKey() throws NoSuchMethodException {
        return cachet.keyOf(Service.class.getDeclaredMethod("item"));
    }

    private void plant(byte[] bytes) throws NoSuchMethodException {
        backend.put(itemKey(), bytes, null).toCompletableFuture().join();
    }

    @Test
    void foreignBytes_areAMiss_andRemoved() throws Exception {
        plant("{\"name\":\"from another library\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(Item.sample("fresh"), service.item());
        assertEquals(1, cachet.stats().corruptEntries());
        assertEquals(Item.sample("fresh"), service.item());
        assertEquals(1, service.calls(), "the fresh value replaced the corrupt one");
    }

    @Test
    void truncatedEnvelope_isAMiss() throws Exception {
        service.item();
        byte[] stored = backend.get(itemKey()).toCompletableFuture().join().value();
        plant(Arrays.copyOf(stored, stored.length - 3));
        assertEquals(Item.sample("fresh"), service.item());
        assertEquals(2, service.calls());
        assertEquals(1, cachet.stats().corruptEntries());
    }

    @Test
    void undecodablePayload_isAMiss_andRemoved() throws Exception {
        plant(Envelope.wrap("[1,2,".getBytes(StandardCharsets.UTF_8), Envelope.NEVER));
        assertEquals(Item.sample("fresh"), service.item());
        assertEquals(1, cachet.stats().corruptEntries());
        assertEquals(1, service.calls());
    }

    @Test
    void oversizedResult_isReturned_notCached() {
        assertEquals(5_000, service.big(5_000).length());
        assertEquals(5_000, service.big(5_000).length());
        assertEquals(2, service.calls());
        assertEquals(2, cachet.stats().oversized());
        assertEquals(10, service.big(10).length());
        service.big(10);
        assertEquals(3, service.calls(), "small results are still cached");
    }

    @Test
    void evictedKeyIsGone() throws Exception {
        service.item();
        assertEquals(true, cachet.evict(Service.class.getDeclaredMethod("item")));
        assertNull(backend.get(itemKey()).toCompletableFuture().join());
    }
}
