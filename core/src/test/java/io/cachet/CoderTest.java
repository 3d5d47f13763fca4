package io.cachet;

import io.cachet.coder.JsonCoder;
import io.cachet.coder.SerializationCoder;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoderTest {
    private final JsonCoder json = new JsonCoder();

    /** Holders whose declared return types give the generic types under test. */
    interface Types {
        List<Item> items();

        Map<String, Item> byName();

        Optional<Item> maybe();

        Optional<String> maybeText();

        Item.Color color();

        BigDecimal amount();

        Instant instant();

        LocalDateTime localDateTime();

        OffsetDateTime offsetDateTime();

        Duration duration();

        List<Map<String, List<Item>>> nested();

        int primitive();
    }

    static Type typeOf(String method) {
        try {
            return Types.class.getMethod(method).getGenericReturnType();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private Object roundTrip(Object value, String method) {
        Type type = typeOf(method);
        byte[] bytes = json.encode(value, type);
        return json.decode(bytes, 0, bytes.length, type);
    }

    @Test
    void json_restoresGenericTypes() {
        List<Item> items = List.of(Item.sample("a"), Item.sample("b"));
        @SuppressWarnings("unchecked")
        List<Item> back = (List<Item>) roundTrip(items, "items");
        assertEquals(items, back);
        assertEquals(Item.class, back.get(0).getClass());

        Map<String, Item> byName = Map.of("a", Item.sample("a"));
        assertEquals(byName, roundTrip(byName, "byName"));

        List<Map<String, List<Item>>> nested = List.of(Map.of("k", List.of(Item.sample("n"))));
        assertEquals(nested, roundTrip(nested, "nested"));
    }

    @Test
    void json_restoresOptionalEnumsNumbersAndTime() {
        assertEquals(Optional.of(Item.sample("x")), roundTrip(Optional.of(Item.sample("x")), "maybe"));
        assertEquals(Optional.empty(), roundTrip(Optional.empty(), "maybeText"));
        assertEquals(Item.Color.RED, roundTrip(Item.Color.RED, "color"));
        assertEquals(new BigDecimal("1234567890.123456789"), roundTrip(new BigDecimal("1234567890.123456789"), "amount"));
        Instant instant = Instant.parse("2026-05-06T07:08:09.123456789Z");
        assertEquals(instant, roundTrip(instant, "instant"));
        LocalDateTime local = LocalDateTime.of(2026, 5, 6, 7, 8, 9);
        assertEquals(local, roundTrip(local, "localDateTime"));
        OffsetDateTime offset = OffsetDateTime.of(local, ZoneOffset.ofHours(2));
        assertEquals(offset.toInstant(), ((OffsetDateTime) roundTrip(offset, "offsetDateTime")).toInstant());
        assertEquals(Duration.ofMinutes(90), roundTrip(Duration.ofMinutes(90), "duration"));
        assertEquals(7, roundTrip(7, "primitive"));
    }

    @Test
    void json_decodesFromAnOffset() {
        byte[] payload = json.encode(Item.sample("o"), Item.class);
        byte[] framed = new byte[payload.length + 10];
        System.arraycopy(payload, 0, framed, 5, payload.length);
        assertEquals(Item.sample("o"), json.decode(framed, 5, payload.length, Item.class));
    }

    @Test
    void json_garbage_isCacheException() {
        byte[] garbage = "{\"name\": [".getBytes();
        assertThrows(CacheException.class, () -> json.decode(garbage, 0, garbage.length, Item.class));
    }

    record Point(int x, int y) implements Serializable {
    }

    /** Not in any allowed package, not named by the return type: must be refused. */
    static final class Gadget implements Serializable {
        private static final long serialVersionUID = 1L;
        String payload = "evil";
    }

    interface SerialTypes {
        List<Point> points();

        Object anything();
    }

    @Test
    void serialization_roundTripsTypesNamedByTheReturnType() throws Exception {
        SerializationCoder coder = new SerializationCoder();
        Type type = SerialTypes.class.getMethod("points").getGenericReturnType();
        List<Point> points = new ArrayList<>(List.of(new Point(1, 2), new Point(3, 4)));
        byte[] bytes = coder.encode(points, type);
        assertEquals(points, coder.decode(bytes, 0, bytes.length, type));
    }

    @Test
    void serialization_refusesClassesOutsideTheAllowList() throws Exception {
        SerializationCoder coder = new SerializationCoder();
        Type type = SerialTypes.class.getMethod("anything").getGenericReturnType();
        byte[] bytes = coder.encode(new Gadget(), type);
        CacheException refused = assertThrows(CacheException.class, () -> coder.decode(bytes, 0, bytes.length, type));
        assertTrue(refused.getMessage().contains("allow-list"), refused.getMessage());

        SerializationCoder allowing = new SerializationCoder(List.of(Gadget.class.getName()));
        assertEquals("evil", ((Gadget) allowing.decode(bytes, 0, bytes.length, type)).payload);
    }

    @Test
    void serialization_refusesAWrongType() {
        SerializationCoder coder = new SerializationCoder();
        byte[] bytes = coder.encode("text", String.class);
        assertThrows(CacheException.class, () -> coder.decode(bytes, 0, bytes.length, Integer.class));
    }

    @Test
    void serialization_rejectsBadPatterns() {
        assertThrows(IllegalArgumentException.class, () -> new SerializationCoder(List.of("!*")));
        assertThrows(IllegalArgumentException.class, () -> new SerializationCoder(List.of("a;b")));
    }
}
