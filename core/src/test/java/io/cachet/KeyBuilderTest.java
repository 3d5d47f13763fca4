package io.cachet;

import io.cachet.memory.InMemoryBackend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@EnableWeld
class KeyBuilderTest {
    final InMemoryBackend backend = InMemoryBackend.create();

    @WeldSetup
    WeldInitiator weld = Cdi.with(CacheSettings.defaults(), backend, Catalog.class);

    @Inject
    Catalog catalog;
    @Inject
    Cachet cachet;

    /** Infrastructure the container injects: never part of a key. */
    public interface Session extends java.sql.Connection {
    }

    /** A custom key builder, chosen per method. */
    public static final class ByFirstArgument implements KeyBuilder {
        @Override
        public String build(Method method, Object[] keyArguments) {
            return "first=" + keyArguments[0];
        }
    }

    @ApplicationScoped
    static class Catalog {
        private final AtomicInteger calls = new AtomicInteger();

        int calls() {
            return calls.get();
        }

        @Cached
        public int size(List<List<String>> items) {
            calls.incrementAndGet();
            return items.size();
        }

        @Cached
        public String find(String name, java.sql.Connection connection) {
            calls.incrementAndGet();
            return name.toUpperCase();
        }

        @Cached
        public String tenantItem(@CacheKey String tenant, @CacheKey int id, Object requestScopedThing) {
            calls.incrementAndGet();
            return tenant + "/" + id;
        }

        @Cached(keyBuilder = ByFirstArgument.class, namespace = "custom")
        public String custom(String first, String second) {
            calls.incrementAndGet();
            return first + second;
        }

        @Cached
        public int complex(Map<String, Integer> counts, Set<LocalDate> days, Optional<UUID> id, Item item,
                           int[] numbers, List<BigDecimal> amounts) {
            calls.incrementAndGet();
            return counts.size();
        }
    }

    @Test
    void infrastructureParameters_areLeftOut() {
        assertEquals("ABC", catalog.find("abc", connection()));
        assertEquals("ABC", catalog.find("abc", connection()));
        assertEquals(1, catalog.calls(), "two different connections, one entry");
        assertEquals(1, cachet.stats().hits());
    }

    @Test
    void cacheKeyParameters_selectTheKey() {
        catalog.tenantItem("t1", 7, new Object());
        catalog.tenantItem("t1", 7, new Object());
        catalog.tenantItem("t2", 7, new Object());
        assertEquals(2, catalog.calls());
    }

    @Test
    void customKeyBuilder_perMethod_stillUnderPrefixAndNamespace() throws Exception {
        Method custom = Catalog.class.getDeclaredMethod("custom", String.class, String.class);
        assertEquals("cachet:custom:first=a", cachet.keyOf(custom, "a", "b"));
        catalog.custom("a", "b");
        assertEquals("ab", catalog.custom("a", "zzz"), "the builder keys by the first argument only");
        assertEquals(1, catalog.calls());
    }

    @Test
    void mapAndSetOrder_doNotChangeTheKey() throws Exception {
        Method complex = Catalog.class.getDeclaredMethod("complex", Map.class, Set.class, Optional.class, Item.class,
                int[].class, List.class);
        Map<String, Integer> forward = new LinkedHashMap<>();
        Map<String, Integer> backward = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            forward.put("k" + i, i);
            backward.put("k" + (19 - i), 19 - i);
        }
        Set<LocalDate> days = new LinkedHashSet<>(List.of(LocalDate.of(2026, 1, 1), LocalDate.of(2025, 1, 1)));
        Set<LocalDate> daysReversed = new LinkedHashSet<>(List.of(LocalDate.of(2025, 1, 1), LocalDate.of(2026, 1, 1)));
        UUID id = UUID.fromString("00000000-0000-0000-0000-000000000001");
        String one = cachet.keyOf(complex, forward, days, Optional.of(id), Item.sample("i"), new int[] {1, 2},
                List.of(new BigDecimal("1.5")));
        String two = cachet.keyOf(complex, new HashMap<>(backward), daysReversed, Optional.of(id), Item.sample("i"),
                new int[] {1, 2}, List.of(new BigDecimal("1.5")));
        assertEquals(one, two);
        String three = cachet.keyOf(complex, forward, days, Optional.of(id), Item.sample("i"), new int[] {2, 1},
                List.of(new BigDecimal("1.5")));
        assertNotEquals(one, three);
    }

    @Test
    void renderingIsUnambiguous() throws Exception {
        DefaultKeyBuilder builder = new DefaultKeyBuilder();
        Method m = Catalog.class.getDeclaredMethod("custom", String.class, String.class);
        assertNotEquals(builder.build(m, new Object[] {"a|b", "c"}), builder.build(m, new Object[] {"a", "b|c"}));
        assertNotEquals(builder.build(m, new Object[] {"1", null}), builder.build(m, new Object[] {null, "1"}));
        assertNotEquals(builder.build(m, new Object[] {"N", ""}), builder.build(m, new Object[] {null, ""}));
        assertTrue(builder.build(m, new Object[] {"x", "y"}).matches("[0-9a-f]{64}"));
    }

    @Test
    void keyIsStableAcrossJvms() throws Exception {
        // A fixed expectation: a change in rendering would orphan every stored entry.
        Method m = Catalog.class.getDeclaredMethod("custom", String.class, String.class);
        String expected = sha256Hex("io.cachet.KeyBuilderTest$Catalog#custom(java.lang.String,java.lang.String)"
                + "|S1:a|S2:bc");
        assertEquals(expected, new DefaultKeyBuilder().build(m, new Object[] {"a", "bc"}));
    }

    @Test
    void globalKeyBuilder_appliesToMethodsThatNameNone() throws Exception {
        KeyBuilder byName = (method, arguments) -> method.getName() + "/" + arguments.length;
        Cachet engine = new io.cachet.internal.CachetAdmin(io.cachet.internal.CacheEngine.create(
                CacheSettings.builder().keyBuilder(byName).build(), InMemoryBackend.create(),
                List.of(Catalog.class.getDeclaredMethod("find", String.class, java.sql.Connection.class))));
        assertEquals("cachet::find/1", engine.keyOf(Catalog.class.getDeclaredMethod("find", String.class,
                java.sql.Connection.class), "x", null));
    }

    @Test
    void rememberedKeys_equalFreshlyBuiltOnes() throws Exception {
        Method find = Catalog.class.getDeclaredMethod("find", String.class, java.sql.Connection.class);
        Method tenantItem = Catalog.class.getDeclaredMethod("tenantItem", String.class, int.class, Object.class);
        DefaultKeyBuilder fresh = new DefaultKeyBuilder();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 2_000; i++) {
                assertEquals("cachet::" + fresh.build(find, new Object[] {"name" + i}), cachet.keyOf(find, "name" + i, null));
                assertEquals("cachet::" + fresh.build(tenantItem, new Object[] {"t" + (i % 7), i}),
                        cachet.keyOf(tenantItem, "t" + (i % 7), i, null));
            }
        }
        assertNotEquals(cachet.keyOf(tenantItem, "t", 1, null), cachet.keyOf(tenantItem, "t", 2, null));
    }

    @Test
    void evict_removesOneEntryByTheMethodsArguments() {
        catalog.find("x", null);
        catalog.find("y", null);
        assertTrue(cachet.evict(Catalog.class, "find", "x", null));
        catalog.find("x", null);
        catalog.find("y", null);
        assertEquals(3, catalog.calls());
        assertThrows(IllegalArgumentException.class, () -> cachet.evict(Catalog.class, "missing", "x"));
    }

    /** A distinct opaque connection object per call (never used, only passed). */
    private static java.sql.Connection connection() {
        return (java.sql.Connection) java.lang.reflect.Proxy.newProxyInstance(KeyBuilderTest.class.getClassLoader(),
                new Class<?>[] {Session.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static String sha256Hex(String text) throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(digest);
    }

    @Test
    void unpairedSurrogate_neverSharesAKeyWithAQuestionMark() throws Exception {
        Method find = Catalog.class.getMethod("find", String.class, java.sql.Connection.class);
        String question = cachet.keyOf(find, "?", null);
        assertNotEquals(question, cachet.keyOf(find, "\uD800", null), "UTF-8 would make both '?'");
        assertNotEquals(cachet.keyOf(find, "\uDC00", null), cachet.keyOf(find, "\uD800", null));
        assertEquals(cachet.keyOf(find, "\uD83D\uDD11", null), cachet.keyOf(find, "\uD83D\uDD11", null),
                "a well-formed pair is stable");
    }

    @Test
    void cyclicArgument_runsUncached_insteadOfOverflowingTheStack() {
        List<List<String>> cyclic = new java.util.ArrayList<>();
        @SuppressWarnings({"unchecked", "rawtypes"})
        boolean added = ((List) cyclic).add(cyclic); // an application bug: the list holds itself
        assertTrue(added);
        assertEquals(1, catalog.size(cyclic));
        assertEquals(1, catalog.size(cyclic));
        assertEquals(2, catalog.calls(), "no key, so no cache: the method runs each time");
        assertEquals(1, catalog.size(List.of(List.of("x"))));
        assertEquals(1, catalog.size(List.of(List.of("x"))));
        assertEquals(3, catalog.calls(), "other arguments are cached as usual");
    }
}
