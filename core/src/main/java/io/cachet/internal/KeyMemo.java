package io.cachet.internal;

import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Remembers the keys of recent argument lists for methods whose key parameters are all simple
 * immutable values (strings, boxed primitives, enums, UUIDs), where {@code equals} agrees with
 * the default key rendering. A direct-mapped table of immutable entries: racy reads are safe, a
 * collision only costs a recomputation.
 */
final class KeyMemo {
    private static final int SLOTS = 256;
    private static final Set<Class<?>> SIMPLE = Set.of(String.class, Integer.class, Long.class, Short.class,
            Byte.class, Boolean.class, Character.class, UUID.class, int.class, long.class, short.class, byte.class,
            boolean.class, char.class);

    private final Entry[] slots = new Entry[SLOTS];

    /** Whether arguments of these parameters can be remembered by {@code equals}. */
    static boolean applies(List<Parameter> keyParameters) {
        for (Parameter parameter : keyParameters) {
            Class<?> type = parameter.getType();
            if (!SIMPLE.contains(type) && !type.isEnum()) {
                return false;
            }
        }
        return true;
    }

    String get(Object[] keyArguments) {
        Entry entry = slots[slot(keyArguments)];
        return entry != null && same(entry.arguments, keyArguments) ? entry.key : null;
    }

    void put(Object[] keyArguments, String key) {
        slots[slot(keyArguments)] = new Entry(keyArguments, key);
    }

    private static int slot(Object[] arguments) {
        return (Arrays.hashCode(arguments) * 0x9E3779B9 >>> 24) & (SLOTS - 1);
    }

    private static boolean same(Object[] a, Object[] b) {
        for (int i = 0; i < a.length; i++) {
            Object x = a[i];
            Object y = b[i];
            if (x != y && (x == null || y == null || x.getClass() != y.getClass() || !x.equals(y))) {
                return false;
            }
        }
        return true;
    }

    /** The arguments array is owned by the memo: the plan builds a fresh one per call. */
    private record Entry(Object[] arguments, String key) {
    }
}
