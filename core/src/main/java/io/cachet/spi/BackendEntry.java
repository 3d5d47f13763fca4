package io.cachet.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * A value read from a backend, with an opaque version token used by
 * {@link CacheBackend#replace} for compare-and-set (a CAS id, a version attribute, or unused).
 */
public final class BackendEntry {
    private final byte[] value;
    private final long version;
    private final Object local;

    public BackendEntry(byte[] value, long version) {
        this(value, version, null);
    }

    /** An entry of a {@link Capability#LOCAL} backend, with the live object stored beside the bytes. */
    public BackendEntry(byte[] value, long version, Object local) {
        this.value = Objects.requireNonNull(value, "value");
        this.version = version;
        this.local = local;
    }

    public static BackendEntry of(byte[] value) {
        return new BackendEntry(value, 0L);
    }

    /** The stored bytes; callers must not modify them. */
    public byte[] value() {
        return value;
    }

    public long version() {
        return version;
    }

    /**
     * The object stored with the bytes by
     * {@link CacheBackend#put(String, byte[], Object, java.time.Duration)} on a
     * {@link Capability#LOCAL} backend; {@code null} otherwise. Not part of equality.
     */
    public Object local() {
        return local;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BackendEntry other
                && version == other.version
                && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(value) + Long.hashCode(version);
    }

    @Override
    public String toString() {
        return "BackendEntry[" + value.length + " bytes, version " + version + "]";
    }
}
