package io.cachet.jcache;

import io.cachet.internal.Envelope;
import io.cachet.spi.BackendEntry;

import javax.cache.CacheException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.ObjectStreamConstants;
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

    ValueCodec(ClassLoader loader, boolean byValue, boolean local) {
        this.loader = loader;
        this.byValue = byValue;
        this.local = local;
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
            return deserialize(bytes, Envelope.HEADER_BYTES, length);
        }
        Object kept = entry.local();
        if (kept == null || !byValue || (length == 0 && isVisible(kept.getClass()))) {
            return kept;
        }
        // Kept by a cache of another class loader, or by a store-by-reference cache of the same
        // name, over the same store: a by-value cache reads a copy.
        byte[] copy = serialize(kept);
        return deserialize(copy, 0, copy.length);
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

    Object deserialize(byte[] bytes, int offset, int length) {
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
            return in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new CacheException("cannot read a stored value: " + e, e);
        }
    }
}
