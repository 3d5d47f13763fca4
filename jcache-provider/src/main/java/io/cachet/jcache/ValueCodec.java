package io.cachet.jcache;

import io.cachet.spi.Envelope;
import io.cachet.spi.BackendEntry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.ObjectStreamConstants;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How one cache holds its values in the store's bytes. Store-by-value is Java serialization,
 * read back with the cache manager's class loader. On a local store ({@code Capability.LOCAL}) a
 * value that needs no copy is kept as the live object beside an envelope whose payload only marks
 * why: empty for a deeply immutable value kept under store-by-value ({@link Immutables}), which a
 * copy could not be told apart from; one zero byte for any value kept under store-by-reference,
 * which a store-by-value cache of the same name must copy. (A serialization stream is never
 * shorter than four bytes.)
 */
final class ValueCodec {
    private static final byte[] KEPT_IMMUTABLE = new byte[0];
    private static final byte[] KEPT_BY_REFERENCE = new byte[] {0};

    private final ClassLoader loader;
    private final boolean byValue;
    private final boolean local;
    /** Classes resolved by name through {@link #loader}: resolving is a large part of a read. */
    private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();
    /** Classes of kept objects that {@link #loader} resolves to themselves (positives only). */
    private final Map<Class<?>, Boolean> visible = new ConcurrentHashMap<>();

    /** What a store's bytes may name: never more than this, as anyone who can write to a shared store can plant bytes. */
    private final ObjectInputFilter filter;

    ValueCodec(ClassLoader loader, boolean byValue, boolean local, ObjectInputFilter filter) {
        this.loader = loader;
        this.byValue = byValue;
        this.local = local;
        this.filter = filter;
    }

    /** A stored value or key that cannot be read: not a stream, a class missing or not allowed. The entry is a miss and is removed. */
    static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final List<String> JDK_VALUE_TYPES =
            List.of("java.lang.*", "java.util.*", "java.time.*", "java.math.*", "java.net.URI", "java.io.Serializable",
                    "io.cachet.jcache.annotation.CachetGeneratedCacheKey");
    private static final String LIMITS = "maxdepth=64;maxrefs=1000000;maxbytes=67108864;maxarray=16777216";

    /**
     * The filter every value and key read from the store passes: the configured key and value types,
     * the JDK's value types ({@code java.lang}, {@code java.util}, {@code java.time}, {@code java.math},
     * {@code java.net.URI}), the annotations' generated keys, and the {@code cachet.serialization.allow}
     * patterns; nothing else.
     */
    static ObjectInputFilter filter(Class<?> keyType, Class<?> valueType, List<String> allowed) {
        java.util.StringJoiner spec = new java.util.StringJoiner(";");
        spec.add(LIMITS);
        JDK_VALUE_TYPES.forEach(spec::add);
        for (Class<?> type : new Class<?>[] {keyType, valueType}) {
            Class<?> component = type;
            while (component.isArray()) {
                component = component.getComponentType();
            }
            if (!component.isPrimitive() && component != Object.class) {
                spec.add(component.getName());
            }
        }
        allowed.forEach(spec::add);
        spec.add("!*");
        return ObjectInputFilter.Config.createFilter(spec.toString());
    }

    /** The {@code ;}-separated patterns of an allow-list property ({@code com.example.model.*}, {@code com.example.**}). */
    static List<String> patterns(String property) {
        if (property == null || property.isBlank()) {
            return List.of();
        }
        List<String> patterns = new java.util.ArrayList<>();
        for (String pattern : property.split(";")) {
            String trimmed = pattern.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.startsWith("!") || trimmed.contains("=") || trimmed.equals("*")) {
                throw new IllegalArgumentException(io.cachet.coder.SerializationCoder.ALLOW_PROPERTY
                        + " must name classes or packages (like com.example.model.*), but has '" + trimmed + "'");
            }
            patterns.add(trimmed);
        }
        return List.copyOf(patterns);
    }

    /** Whether {@code value} is kept as the live object rather than as serialized bytes. */
    boolean keepsObject(Object value) {
        return local && (!byValue || Immutables.isImmutable(value));
    }

    /** The payload beside a kept object ({@link #keepsObject}): the mark of why it was kept. */
    byte[] keptMark() {
        return byValue ? KEPT_IMMUTABLE : KEPT_BY_REFERENCE;
    }

    /**
     * The value an envelope holds; {@code null} when it is a kept object that the store no longer
     * has (the entry then reads as absent).
     */
    Object decode(BackendEntry entry) {
        byte[] bytes = entry.value();
        int length = Envelope.payloadLength(bytes);
        if (length > KEPT_BY_REFERENCE.length) {
            return deserialize(bytes, Envelope.payloadOffset(bytes), length);
        }
        Object kept = entry.local();
        if (kept == null || !byValue || (length == 0 && isVisible(kept.getClass()))) {
            return kept;
        }
        // Kept by a cache of another class loader, or by a store-by-reference cache of the same
        // name, over the same store: a by-value cache reads a copy.
        byte[] copy = serialize(kept);
        return read(copy, 0, copy.length, null); // a copy of a live object of this JVM, not store bytes
    }

    /** Whether an envelope's payload marks a kept object rather than holding serialized bytes. */
    static boolean isKept(BackendEntry entry) {
        return Envelope.payloadLength(entry.value()) <= KEPT_BY_REFERENCE.length;
    }

    private boolean isVisible(Class<?> type) {
        if (visible.containsKey(type)) {
            return true;
        }
        try {
            if (resolve(type.getName()) == type) {
                visible.put(type, Boolean.TRUE);
                return true;
            }
        } catch (ClassNotFoundException e) {
            // not visible
        }
        return false;
    }

    private Class<?> resolve(String name) throws ClassNotFoundException {
        Class<?> known = classes.get(name);
        if (known != null) {
            return known;
        }
        Class<?> found = Class.forName(name, false, loader);
        classes.put(name, found);
        return found;
    }

    /**
     * The envelope for a serialized value, written in one pass by this thread's reusable stream:
     * no stream set-up per value and a single copy of the bytes. Each value is still a complete
     * stream of its own (header, then the object with its class descriptors): the stream is reset
     * after every value, which also drops its references to the value.
     */
    static byte[] envelope(Object value, long expiresAt) {
        Object[] writer = WRITERS.get();
        AtomicBoolean busy = (AtomicBoolean) writer[2];
        if (busy.get()) {
            // A writeObject that stores into a cache on this thread: a fresh stream for the inner value.
            return Envelope.wrap(serialize(value), expiresAt);
        }
        busy.set(true);
        boolean keep = false;
        try {
            ByteArrayOutputStream bytes = (ByteArrayOutputStream) writer[0];
            ObjectOutputStream out = (ObjectOutputStream) writer[1];
            bytes.reset();
            bytes.write(FRAME);
            bytes.write(STREAM_HEADER);
            out.writeObject(value);
            out.flush();
            byte[] framed = bytes.toByteArray();
            out.reset();
            out.flush();
            keep = framed.length <= KEEP_WRITER_BYTES;
            return Envelope.seal(framed, expiresAt);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot store a " + value.getClass().getName() + " by value: " + e, e);
        } finally {
            busy.set(false);
            if (!keep) {
                WRITERS.remove(); // after a failure the stream's state is unknown; after a large value, free the buffer
            }
        }
    }

    private static final byte[] FRAME = new byte[Envelope.HEADER_BYTES];
    private static final byte[] STREAM_HEADER = {
            (byte) (ObjectStreamConstants.STREAM_MAGIC >> 8), (byte) ObjectStreamConstants.STREAM_MAGIC,
            (byte) (ObjectStreamConstants.STREAM_VERSION >> 8), (byte) ObjectStreamConstants.STREAM_VERSION};
    private static final int KEEP_WRITER_BYTES = 16 * 1024; // the buffer may be up to twice that
    /**
     * Per thread: the buffer, the object stream over it, and an in-use flag. Only JDK types, so a
     * container thread that outlives an undeployed application does not pin its class loader.
     */
    private static final ThreadLocal<Object[]> WRITERS = ThreadLocal.withInitial(() -> {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
            return new Object[] {bytes, new ObjectOutputStream(bytes), new AtomicBoolean()};
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    });

    static byte[] serialize(Object value) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(256); ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot store a " + value.getClass().getName() + " by value: " + e, e);
        }
    }

    /**
     * Reads bytes from the store through the filter.
     *
     * @throws Unreadable if they are not a stream of allowed, present classes
     */
    Object deserialize(byte[] bytes, int offset, int length) {
        return read(bytes, offset, length, filter);
    }

    private Object read(byte[] bytes, int offset, int length, ObjectInputFilter allowed) {
        String[] rejected = new String[1];
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes, offset, length)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
                try {
                    return resolve(description.getName());
                } catch (ClassNotFoundException e) {
                    return super.resolveClass(description); // primitives, and the caller's own classes
                }
            }
        }) {
            if (allowed != null) {
                in.setObjectInputFilter(info -> {
                    ObjectInputFilter.Status status = allowed.checkInput(info);
                    if (status == ObjectInputFilter.Status.REJECTED && info.serialClass() != null) {
                        rejected[0] = info.serialClass().getName();
                    }
                    return status;
                });
            }
            return in.readObject();
        } catch (java.io.InvalidClassException e) {
            if (rejected[0] != null) {
                throw new Unreadable("its class " + rejected[0] + " is not allowed (allow it with "
                        + io.cachet.coder.SerializationCoder.ALLOW_PROPERTY + ", or configure the cache's types)", e);
            }
            throw new Unreadable("it cannot be read: " + e, e);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw new Unreadable("it cannot be read: " + e, e);
        }
    }
}
