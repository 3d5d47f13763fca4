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

    public BackendEntry(byte[] value, long version) {
        this.value = Objects.requireNonNull(value, "value");
        this.version = version;
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
