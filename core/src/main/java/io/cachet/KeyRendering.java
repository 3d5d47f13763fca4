package io.cachet;

import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The canonical, cross-JVM-stable rendering of key arguments: by value, never by
 * {@code hashCode()} or identity, with type tags and lengths so that no two different argument
 * lists render alike, and with sets and maps sorted so iteration order never matters. Only
 * {@link DefaultKeyBuilder} renders: its rendering is the key format.
 */
final class KeyRendering {
    private static final Set<Class<?>> SCALARS = Set.of(
            String.class, Boolean.class, Character.class, Byte.class, Short.class, Integer.class,
            Long.class, Float.class, Double.class, BigDecimal.class, BigInteger.class, UUID.class,
            URI.class, Locale.class, boolean.class, char.class, byte.class, short.class, int.class,
            long.class, float.class, double.class);

    private KeyRendering() {
    }

    /** Why values of the declared {@code type} cannot be rendered stably, or {@code null}. */
    static String problemWith(Type type) {
        return problemWith(type, 0);
    }

    private static String problemWith(Type type, int depth) {
        if (depth > 16) {
            return "nests too deeply to render";
        }
        if (type instanceof Class<?> c) {
            if (c.isArray()) {
                return problemWith(c.getComponentType(), depth + 1);
            }
            if (isScalar(c)) {
                return null;
            }
            if (c.isRecord()) {
                for (RecordComponent component : c.getRecordComponents()) {
                    String problem = problemWith(component.getGenericType(), depth + 1);
                    if (problem != null) {
                        return "has component '" + component.getName() + "' that " + problem;
                    }
                }
                return null;
            }
            if (Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c) || c == Optional.class) {
                return "is a raw " + c.getSimpleName() + " whose elements cannot be checked";
            }
            return "has no value-based rendering (only strings, numbers, enums, java.time values,"
                    + " records, arrays, collections and maps of these are keyed by value)";
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            if (Collection.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw) || raw == Optional.class) {
                for (Type argument : p.getActualTypeArguments()) {
                    String problem = problemWith(argument, depth + 1);
                    if (problem != null) {
                        return "has an element type that " + problem;
                    }
                }
                return null;
            }
            return problemWith(raw, depth + 1);
        }
        if (type instanceof GenericArrayType g) {
            return problemWith(g.getGenericComponentType(), depth + 1);
        }
        if (type instanceof WildcardType w && w.getUpperBounds().length == 1 && w.getLowerBounds().length == 0) {
            return problemWith(w.getUpperBounds()[0], depth + 1);
        }
        return "is a type variable or wildcard whose values cannot be checked";
    }

    private static boolean isScalar(Class<?> c) {
        return SCALARS.contains(c) || c.isEnum() || TemporalAccessor.class.isAssignableFrom(c)
                || TemporalAmount.class.isAssignableFrom(c) || ZoneId.class.isAssignableFrom(c);
    }

    /** Nesting deeper than this is refused (a cycle, such as a list that holds itself, never ends). */
    static final int MAX_DEPTH = 64;

    /**
     * Appends the rendering of {@code value} to {@code out}; {@link IllegalArgumentException} for
     * a value nested deeper than {@link #MAX_DEPTH} (the call then runs uncached).
     */
    static void render(Object value, StringBuilder out) {
        render(value, out, 0);
    }

    private static void render(Object value, StringBuilder out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("a key argument nests deeper than " + MAX_DEPTH
                    + " levels (does it contain itself?)");
        }
        if (value == null) {
            out.append('N');
        } else if (value instanceof String s) {
            out.append('S').append(s.length()).append(':').append(s);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger) {
            out.append('I').append(value).append(';');
        } else if (value instanceof Boolean b) {
            out.append(b ? 'T' : 'F');
        } else if (value instanceof Double || value instanceof Float) {
            out.append('D').append(value).append(';');
        } else if (value instanceof BigDecimal d) {
            out.append('M').append(d.toString()).append(';');
        } else if (value instanceof Character c) {
            out.append('C').append(c.charValue());
        } else if (value instanceof Enum<?> e) {
            tagged('E', e.getDeclaringClass().getName() + "." + e.name(), out);
        } else if (value instanceof TemporalAccessor || value instanceof TemporalAmount || value instanceof UUID
                || value instanceof URI || value instanceof ZoneId) {
            tagged('V', value.getClass().getName() + "=" + value, out);
        } else if (value instanceof Locale l) {
            tagged('V', "Locale=" + l.toLanguageTag(), out);
        } else if (value instanceof Record r) {
            renderRecord(r, out, depth);
        } else if (value instanceof Optional<?> o) {
            out.append('O');
            render(o.orElse(null), out, depth + 1);
        } else if (value instanceof Set<?> set) {
            renderSorted('{', set, out, depth);
        } else if (value instanceof Collection<?> list) {
            out.append('[').append(list.size()).append(':');
            for (Object element : list) {
                render(element, out, depth + 1);
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            renderMap(map, out, depth);
        } else if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            out.append('A').append(length).append(':');
            for (int i = 0; i < length; i++) {
                render(Array.get(value, i), out, depth + 1);
            }
            out.append(']');
        } else {
            throw new CacheException("cannot render a " + value.getClass().getName()
                    + " into a cache key: it has no value-based rendering");
        }
    }

    private static void tagged(char tag, String text, StringBuilder out) {
        out.append(tag).append(text.length()).append(':').append(text);
    }

    private static void renderRecord(Record record, StringBuilder out, int depth) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        tagged('R', record.getClass().getName(), out);
        out.append('(');
        for (RecordComponent component : components) {
            try {
                var accessor = component.getAccessor();
                accessor.setAccessible(true);
                render(accessor.invoke(record), out, depth + 1);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new CacheException("cannot read component '" + component.getName() + "' of "
                        + record.getClass().getName() + " for a cache key", e);
            }
        }
        out.append(')');
    }

    private static void renderSorted(char open, Collection<?> elements, StringBuilder out, int depth) {
        List<String> rendered = new ArrayList<>(elements.size());
        for (Object element : elements) {
            StringBuilder one = new StringBuilder();
            render(element, one, depth + 1);
            rendered.add(one.toString());
        }
        rendered.sort(null);
        out.append(open).append(rendered.size()).append(':');
        rendered.forEach(out::append);
        out.append('}');
    }

    private static void renderMap(Map<?, ?> map, StringBuilder out, int depth) {
        List<String> rendered = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            StringBuilder one = new StringBuilder();
            render(entry.getKey(), one, depth + 1);
            one.append('=');
            render(entry.getValue(), one, depth + 1);
            rendered.add(one.toString());
        }
        rendered.sort(null);
        out.append('<').append(rendered.size()).append(':');
        rendered.forEach(out::append);
        out.append('>');
    }
}
