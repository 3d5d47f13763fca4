package io.cachet.jcache;

import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Tells whether a value is deeply immutable, so that a store-by-value copy of it could not be told
 * apart from the value itself (except by {@code ==}). Such values are kept as they are on a local
 * store instead of being serialized on every write and deserialized on every read; Caffeine's
 * JCache does the same for the JDK's immutable types.
 *
 * <p>Immutable: {@code String}, the boxed primitives, {@code BigInteger} and {@code BigDecimal}
 * (exactly those classes, not subclasses), {@code UUID}, {@code URI}, {@code Locale}, the
 * {@code java.time} value types, every enum (deserialization returns the very constant), and a
 * {@code Serializable} record without {@code writeReplace}/{@code readResolve} whose every
 * component holds an immutable value (checked on each value, to a depth of {@value #MAX_DEPTH} and
 * at most {@value #MAX_FIELDS} fields).
 * Everything else, arrays and collections included, is copied.
 */
final class Immutables {
    private static final int MAX_DEPTH = 8;
    private static final int MAX_FIELDS = 64;
    private static final Set<Class<?>> JDK = Set.of(
            String.class, Boolean.class, Character.class, Byte.class, Short.class, Integer.class, Long.class,
            Float.class, Double.class, BigInteger.class, BigDecimal.class, UUID.class, URI.class, Locale.class,
            Instant.class, LocalDate.class, LocalTime.class, LocalDateTime.class, OffsetDateTime.class,
            OffsetTime.class, ZonedDateTime.class, Duration.class, Period.class, Year.class, YearMonth.class,
            MonthDay.class, ZoneOffset.class, ZoneId.of("Europe/Paris").getClass());

    /** The per-class verdict: always, never, or after checking these record fields. */
    private record Shape(boolean immutable, Field[] toCheck) {
        static final Shape ALWAYS = new Shape(true, new Field[0]);
        static final Shape NEVER = new Shape(false, new Field[0]);
    }

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return shapeOf(type);
        }
    };

    private Immutables() {
    }

    static boolean isImmutable(Object value) {
        return isImmutable(value, 0, new int[] {MAX_FIELDS});
    }

    /** {@code budget}: fields left to check; a value that needs more is copied rather than walked. */
    private static boolean isImmutable(Object value, int depth, int[] budget) {
        if (value == null) {
            return true;
        }
        Shape shape = SHAPES.get(value.getClass());
        if (!shape.immutable) {
            return false;
        }
        if (shape.toCheck.length == 0) {
            return true;
        }
        if (depth >= MAX_DEPTH || (budget[0] -= shape.toCheck.length) < 0) {
            return false;
        }
        try {
            for (Field field : shape.toCheck) {
                if (!isImmutable(field.get(value), depth + 1, budget)) {
                    return false;
                }
            }
        } catch (IllegalAccessException e) {
            return false;
        }
        return true;
    }

    private static Shape shapeOf(Class<?> type) {
        if (JDK.contains(type) || Enum.class.isAssignableFrom(type)) {
            return Shape.ALWAYS;
        }
        if (!type.isRecord() || !Serializable.class.isAssignableFrom(type)
                || declares(type, "writeReplace") || declares(type, "readResolve")) {
            return Shape.NEVER;
        }
        List<Field> toCheck = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            Class<?> declared = component.getType();
            if (declared.isPrimitive() || (Modifier.isFinal(declared.getModifiers()) && JDK.contains(declared))
                    || declared.isEnum()) {
                continue; // every value of this type is immutable
            }
            try {
                Field field = type.getDeclaredField(component.getName());
                if (!field.trySetAccessible()) {
                    return Shape.NEVER; // a record in a closed module: copy it
                }
                toCheck.add(field);
            } catch (NoSuchFieldException | SecurityException e) {
                return Shape.NEVER;
            }
        }
        return new Shape(true, toCheck.toArray(new Field[0]));
    }

    private static boolean declares(Class<?> type, String method) {
        try {
            type.getDeclaredMethod(method);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
