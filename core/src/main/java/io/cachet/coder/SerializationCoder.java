package io.cachet.coder;

import io.cachet.CacheException;
import io.cachet.Coder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Java serialization, for results JSON cannot represent. Deserialization is guarded by an
 * {@link ObjectInputFilter} allow-list, never open: only the classes named in the method's
 * declared return type, the value types of {@code java.lang}, {@code java.util},
 * {@code java.time} and {@code java.math}, and the patterns given here (or in the
 * {@code cachet.serialization.allow} system property, {@code ;}-separated, such as
 * {@code com.example.model.*}) are accepted. Anything else makes the entry a miss.
 */
public final class SerializationCoder implements Coder {
    /**
     * The property holding extra allowed class patterns (MicroProfile Config, a system property,
     * or the environment variable {@code CACHET_SERIALIZATION_ALLOW}, like every Cachet property).
     */
    public static final String ALLOW_PROPERTY = "cachet.serialization.allow";
    private static final List<String> BASE_ALLOWED =
            List.of("java.lang.*", "java.util.*", "java.time.*", "java.math.*", "java.net.URI");
    private static final String LIMITS = "maxdepth=64;maxrefs=1000000;maxbytes=67108864;maxarray=16777216";

    private final List<String> extraPatterns;
    private final Map<Type, ObjectInputFilter> filters = new ConcurrentHashMap<>();

    /** Allows the base packages, the return type's classes and {@value #ALLOW_PROPERTY}. */
    public SerializationCoder() {
        this(patternsFromProperty());
    }

    /** Allows the base packages, the return type's classes and these filter patterns. */
    public SerializationCoder(List<String> allowedPatterns) {
        for (String pattern : allowedPatterns) {
            if (pattern.isBlank() || pattern.startsWith("!") || pattern.contains("=") || pattern.contains(";")) {
                throw new IllegalArgumentException(
                        "allowed class pattern must name classes or packages (like com.example.*), but was '"
                                + pattern + "'");
            }
        }
        this.extraPatterns = List.copyOf(allowedPatterns);
    }

    @Override
    public byte[] encode(Object value, Type type) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new CacheException("cannot serialize a value of type " + type.getTypeName(), e);
        }
    }

    @Override
    public Object decode(byte[] bytes, int offset, int length, Type type) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes, offset, length))) {
            in.setObjectInputFilter(filters.computeIfAbsent(type, this::filterFor));
            Object value = in.readObject();
            Class<?> expected = box(rawClass(type));
            if (value != null && expected != null && !expected.isInstance(value)) {
                throw new CacheException("serialized value is a " + value.getClass().getName()
                        + ", not the declared " + type.getTypeName());
            }
            return value;
        } catch (InvalidClassException e) {
            throw new CacheException("class rejected by the deserialization allow-list while decoding "
                    + type.getTypeName() + " (allow it with " + ALLOW_PROPERTY + "): " + e.getMessage(), e);
        } catch (IOException | ClassNotFoundException e) {
            throw new CacheException("cannot deserialize a value of type " + type.getTypeName(), e);
        }
    }

    private ObjectInputFilter filterFor(Type type) {
        Set<String> patterns = new LinkedHashSet<>(BASE_ALLOWED);
        collectClasses(type, patterns);
        patterns.addAll(extraPatterns);
        StringJoiner spec = new StringJoiner(";");
        spec.add(LIMITS);
        patterns.forEach(spec::add);
        spec.add("!*");
        return ObjectInputFilter.Config.createFilter(spec.toString());
    }

    private static void collectClasses(Type type, Set<String> into) {
        if (type instanceof Class<?> c) {
            Class<?> component = c;
            while (component.isArray()) {
                component = component.getComponentType();
            }
            if (!component.isPrimitive()) {
                into.add(component.getName());
            }
        } else if (type instanceof ParameterizedType p) {
            collectClasses(p.getRawType(), into);
            for (Type argument : p.getActualTypeArguments()) {
                collectClasses(argument, into);
            }
        } else if (type instanceof GenericArrayType g) {
            collectClasses(g.getGenericComponentType(), into);
        }
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }

    private static Class<?> box(Class<?> c) {
        if (c == null || !c.isPrimitive()) {
            return c;
        }
        return java.lang.invoke.MethodType.methodType(c).wrap().returnType();
    }

    private static List<String> patternsFromProperty() {
        String value = io.cachet.spi.Properties.configured().value(ALLOW_PROPERTY);
        return value == null || value.isBlank() ? List.of()
                : java.util.Arrays.stream(value.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public String toString() {
        return "SerializationCoder" + extraPatterns;
    }
}
