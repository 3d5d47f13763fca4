package io.cachet;

import io.cachet.testkit.ManualClock;
import io.cachet.memory.InMemoryBackend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fastapi-cache's tests/test_decorator.py, ported: the behaviour of a cached call. */
@EnableWeld
class CachedDecoratorTest {
    static final ManualClock CLOCK = new ManualClock();
    final InMemoryBackend backend = InMemoryBackend.builder().clock(CLOCK).build();

    @WeldSetup
    WeldInitiator weld = Cdi.with(CacheSettings.builder().clock(CLOCK).build(), backend, Endpoints.class);

    @Inject
    Endpoints endpoints;
    @Inject
    Cachet cachet;

    /** The endpoints of fastapi-cache's examples/in_memory/main.py, as bean methods. */
    @ApplicationScoped
    static class Endpoints {
        private final AtomicInteger calls = new AtomicInteger();
        private final AtomicInteger puts = new AtomicInteger();

        public int calls() {
            return calls.get();
        }

        @Cached(namespace = "test", expire = 1)
        public int index() {
            return calls.incrementAndGet();
        }

        @Cached(expire = 2)
        public Instant datetime() {
            calls.incrementAndGet();
            return CLOCK.instant();
        }

        @Cached(expire = 10)
        public LocalDate date() {
            calls.incrementAndGet();
            return LocalDate.ofInstant(CLOCK.instant(), ZoneOffset.UTC);
        }

        @Cached
        public Map<String, String> kwargs(String name) {
            calls.incrementAndGet();
            return Map.of("name", name);
        }

        @Cached
        public int syncMe() {
            calls.incrementAndGet();
            return 42;
        }

        @Cached(expire = 5)
        public Item pydanticInstance() {
            calls.incrementAndGet();
            return Item.sample("pydantic");
        }

        @Cached
        public List<Item> items(int count) {
            calls.incrementAndGet();
            return java.util.stream.IntStream.range(0, count).mapToObj(i -> Item.sample("item" + i)).toList();
        }

        @Cached
        public String nothing() {
            calls.incrementAndGet();
            return null;
        }

        @Cached
        public String fails(String why) {
            calls.incrementAndGet();
            throw new IllegalStateException(why);
        }

        @Cached
        public String checkedFailure() throws java.io.IOException {
            calls.incrementAndGet();
            throw new java.io.IOException("disk");
        }

        public int uncachedPut() {
            return puts.incrementAndGet();
        }
    }

    @Test
    void firstCall_isMiss_secondCall_isHit() {
        int before = endpoints.calls();
        int first = endpoints.syncMe();
        int second = endpoints.syncMe();
        assertEquals(42, first);
        assertEquals(42, second);
        assertEquals(before + 1, endpoints.calls());
        assertEquals(1, cachet.stats().hits());
        assertEquals(1, cachet.stats().misses());
    }

    @Test
    void datetime_afterExpire_isRecomputed() {
        Instant first = endpoints.datetime();
        CLOCK.advance(Duration.ofSeconds(1));
        assertEquals(first, endpoints.datetime(), "still fresh after 1 s of 2");
        CLOCK.advance(Duration.ofSeconds(2));
        Instant third = endpoints.datetime();
        assertNotEquals(first, third, "expired after 3 s of 2");
        assertEquals(CLOCK.instant(), third);
    }

    @Test
    void date_roundTripsAsLocalDate() {
        LocalDate first = endpoints.date();
        assertEquals(first, endpoints.date());
    }

    @Test
    void kwargs_areKeyedByValue() {
        int before = endpoints.calls();
        assertEquals(Map.of("name", "alice"), endpoints.kwargs("alice"));
        assertEquals(Map.of("name", "bob"), endpoints.kwargs("bob"));
        assertEquals(Map.of("name", "alice"), endpoints.kwargs(new String("alice")));
        assertEquals(before + 2, endpoints.calls());
    }

    @Test
    void model_comesBackAsModel_notAsMap() {
        Item miss = endpoints.pydanticInstance();
        Item hit = endpoints.pydanticInstance();
        assertEquals(Item.sample("pydantic"), hit);
        assertNotSame(miss, hit, "a hit is decoded from the store, not shared by reference");
    }

    @Test
    void genericList_comesBackAsListOfModels() {
        endpoints.items(3);
        List<Item> hit = endpoints.items(3);
        assertEquals(3, hit.size());
        assertEquals(Item.class, hit.get(0).getClass());
        assertEquals(Item.sample("item2"), hit.get(2));
    }

    @Test
    void nullResult_isCachedAsValue() {
        int before = endpoints.calls();
        assertNull(endpoints.nothing());
        assertNull(endpoints.nothing());
        assertEquals(before + 1, endpoints.calls());
    }

    @Test
    void exception_isNeverCached_andPropagatesUnchanged() {
        int before = endpoints.calls();
        IllegalStateException first = assertThrows(IllegalStateException.class, () -> endpoints.fails("boom"));
        assertEquals("boom", first.getMessage());
        assertThrows(IllegalStateException.class, () -> endpoints.fails("boom"));
        assertEquals(before + 2, endpoints.calls());
        assertThrows(java.io.IOException.class, () -> endpoints.checkedFailure());
    }

    @Test
    void uncachedMethod_runsEveryTime() {
        int first = endpoints.uncachedPut();
        assertEquals(first + 1, endpoints.uncachedPut());
    }

    @Test
    void disabled_callsGoStraightThrough_thenResume() {
        endpoints.syncMe();
        int before = endpoints.calls();
        cachet.setEnabled(false);
        try {
            endpoints.syncMe();
            endpoints.syncMe();
            assertEquals(before + 2, endpoints.calls());
        } finally {
            cachet.setEnabled(true);
        }
        endpoints.syncMe();
        assertEquals(before + 2, endpoints.calls(), "the entry stored before is served again");
    }

    @Test
    void namespaceEntry_expiresAfterOneSecond_andIsClearedByNamespace() {
        int first = endpoints.index();
        assertEquals(first, endpoints.index());
        CLOCK.advance(Duration.ofMillis(1001));
        int second = endpoints.index();
        assertEquals(first + 1, second);
        assertEquals(1, cachet.clear("test"));
        assertEquals(second + 1, endpoints.index());
    }

    @Test
    void expiredEntries_areReclaimedWithoutBeingRead() {
        endpoints.datetime();
        String key = cachet.keyOf(method("datetime"));
        assertTrue(backend.get(key).toCompletableFuture().join() != null);
        CLOCK.advance(Duration.ofSeconds(3));
        backend.cleanUp();
        assertNull(backend.get(key).toCompletableFuture().join());
    }

    @Test
    void key_hasPrefixNamespaceAndSha256() {
        String key = cachet.keyOf(method("index"));
        assertTrue(key.matches("cachet:test:[0-9a-f]{64}"), key);
        String other = cachet.keyOf(method("kwargs", String.class), "x");
        assertTrue(other.matches("cachet::[0-9a-f]{64}"), other);
        assertSame(cachet.keyOf(method("index")), cachet.keyOf(method("index")), "constant keys are computed once");
    }

    static java.lang.reflect.Method method(String name, Class<?>... types) {
        try {
            return Endpoints.class.getDeclaredMethod(name, types);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
