package io.cachet.spi;

import java.nio.ByteBuffer;

/**
 * The versioned envelope every stored value travels in: magic, format version, expiry instant and
 * payload length, then the coder's bytes. It lets every store report a true remaining time to
 * live and lets Cachet reject corrupt, truncated or foreign bytes as a miss.
 *
 * <pre>
 * offset 0  2 bytes  magic 0xCA 0xC7
 *        2  1 byte   format version (1; 2 for an entry that may be served stale; 3 for a tagged one)
 *        3  8 bytes  expiry, epoch milliseconds, big-endian; 0 = never (format 2: the end of the stale window)
 *       11  4 bytes  payload length
 *       15  8 bytes  formats 2 and 3: fresh until, epoch milliseconds
 *       23  2 bytes  format 3: n, the number of tags
 *       25  8n bytes format 3: the version of each tag the entry was computed under, in the method's order
 *   15 (23, 25 + 8n) payload
 * </pre>
 *
 * An entry is fresh until its fresh-until time (its expiry, in format 1), then stale until its
 * expiry: served while it is revalidated, or when the method fails ({@code staleWhileRevalidate},
 * {@code staleIfError}).
 */
public final class Envelope {
    public static final int HEADER_BYTES = 15;
    private static final byte MAGIC_0 = (byte) 0xCA;
    private static final byte MAGIC_1 = (byte) 0xC7;
    private static final byte FORMAT_1 = 1;
    private static final byte FORMAT_2 = 2;
    private static final byte FORMAT_3 = 3;
    private static final int STALE_HEADER_BYTES = HEADER_BYTES + 8;
    private static final int TAGGED_HEADER_BYTES = STALE_HEADER_BYTES + 2;
    /** Expiry value meaning "never expires". */
    public static final long NEVER = 0L;

    private Envelope() {
    }

    /** Wraps a payload that expires at {@code expiresAtMillis} ({@link #NEVER} for never). */
    public static byte[] wrap(byte[] payload, long expiresAtMillis) {
        byte[] out = new byte[HEADER_BYTES + payload.length];
        ByteBuffer.wrap(out).put(MAGIC_0).put(MAGIC_1).put(FORMAT_1).putLong(expiresAtMillis).putInt(payload.length);
        System.arraycopy(payload, 0, out, HEADER_BYTES, payload.length);
        return out;
    }

    /**
     * Fills in the header of {@code framed}, whose first {@link #HEADER_BYTES} bytes were left
     * free and whose rest is the payload (saves the copy {@link #wrap} makes); returns it.
     */
    public static byte[] seal(byte[] framed, long expiresAtMillis) {
        ByteBuffer.wrap(framed).put(MAGIC_0).put(MAGIC_1).put(FORMAT_1).putLong(expiresAtMillis)
                .putInt(framed.length - HEADER_BYTES);
        return framed;
    }

    /**
     * Wraps a payload that is fresh until {@code freshUntilMillis} and may be served stale until
     * {@code expiresAtMillis}; format 1 when the two are the same.
     */
    public static byte[] wrap(byte[] payload, long freshUntilMillis, long expiresAtMillis) {
        if (freshUntilMillis == expiresAtMillis || expiresAtMillis == NEVER) {
            return wrap(payload, expiresAtMillis);
        }
        byte[] out = new byte[STALE_HEADER_BYTES + payload.length];
        ByteBuffer.wrap(out).put(MAGIC_0).put(MAGIC_1).put(FORMAT_2).putLong(expiresAtMillis).putInt(payload.length)
                .putLong(freshUntilMillis);
        System.arraycopy(payload, 0, out, STALE_HEADER_BYTES, payload.length);
        return out;
    }

    /**
     * Wraps a payload computed under these versions of its tags (format 3), fresh until
     * {@code freshUntilMillis} and kept until {@code expiresAtMillis}; without tags, as
     * {@link #wrap(byte[], long, long)}.
     */
    public static byte[] wrap(byte[] payload, long freshUntilMillis, long expiresAtMillis, long[] tagVersions) {
        if (tagVersions == null || tagVersions.length == 0) {
            return wrap(payload, freshUntilMillis, expiresAtMillis);
        }
        if (tagVersions.length > 0xFFFF) {
            throw new IllegalArgumentException("an entry carries at most 65535 tags, not " + tagVersions.length);
        }
        int header = TAGGED_HEADER_BYTES + 8 * tagVersions.length;
        byte[] out = new byte[header + payload.length];
        ByteBuffer buffer = ByteBuffer.wrap(out).put(MAGIC_0).put(MAGIC_1).put(FORMAT_3).putLong(expiresAtMillis)
                .putInt(payload.length).putLong(freshUntilMillis).putShort((short) tagVersions.length);
        for (long version : tagVersions) {
            buffer.putLong(version);
        }
        System.arraycopy(payload, 0, out, header, payload.length);
        return out;
    }

    /** The versions of its tags a valid envelope was computed under (none before format 3). */
    public static long[] tagVersions(byte[] bytes) {
        if (bytes[2] != FORMAT_3) {
            return NO_TAGS;
        }
        long[] versions = new long[tagCount(bytes)];
        for (int i = 0; i < versions.length; i++) {
            versions[i] = readLong(bytes, TAGGED_HEADER_BYTES + 8 * i);
        }
        return versions;
    }

    private static final long[] NO_TAGS = new long[0];

    private static int tagCount(byte[] bytes) {
        return ((bytes[STALE_HEADER_BYTES] & 0xFF) << 8) | (bytes[STALE_HEADER_BYTES + 1] & 0xFF);
    }

    /** Until when the entry is fresh: its expiry, unless it may be served stale after (formats 2 and 3). */
    public static long freshUntil(byte[] bytes) {
        return bytes[2] == FORMAT_1 ? expiresAt(bytes) : readLong(bytes, HEADER_BYTES);
    }

    /** Where the payload of a valid envelope starts. */
    public static int payloadOffset(byte[] bytes) {
        return switch (bytes[2]) {
            case FORMAT_2 -> STALE_HEADER_BYTES;
            case FORMAT_3 -> TAGGED_HEADER_BYTES + 8 * tagCount(bytes);
            default -> HEADER_BYTES;
        };
    }

    /** A copy of a valid envelope with another expiry; the payload is not touched. */
    public static byte[] withExpiry(byte[] envelope, long expiresAtMillis) {
        byte[] out = envelope.clone();
        ByteBuffer.wrap(out).putLong(3, expiresAtMillis);
        return out;
    }

    /** Whether {@code bytes} are a complete envelope this version of Cachet reads. */
    public static boolean isValid(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_BYTES || bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
            return false;
        }
        if (bytes[2] == FORMAT_1) {
            return readInt(bytes, 11) == bytes.length - HEADER_BYTES && expiresAt(bytes) >= 0;
        }
        if (bytes[2] == FORMAT_3) {
            return bytes.length >= TAGGED_HEADER_BYTES
                    && bytes.length >= TAGGED_HEADER_BYTES + 8 * tagCount(bytes)
                    && readInt(bytes, 11) == bytes.length - payloadOffset(bytes)
                    && expiresAt(bytes) >= 0 && freshUntil(bytes) >= 0
                    && (expiresAt(bytes) == NEVER ? freshUntil(bytes) == NEVER : freshUntil(bytes) <= expiresAt(bytes));
        }
        return bytes[2] == FORMAT_2 && bytes.length >= STALE_HEADER_BYTES
                && readInt(bytes, 11) == bytes.length - STALE_HEADER_BYTES
                && expiresAt(bytes) > 0 && freshUntil(bytes) >= 0 && freshUntil(bytes) <= expiresAt(bytes);
    }

    /** The expiry in epoch milliseconds, {@link #NEVER} for none; only for valid envelopes. */
    public static long expiresAt(byte[] bytes) {
        return readLong(bytes, 3);
    }

    private static long readLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = offset; i < offset + 8; i++) {
            value = (value << 8) | (bytes[i] & 0xFF);
        }
        return value;
    }

    public static int payloadLength(byte[] bytes) {
        return bytes.length - payloadOffset(bytes);
    }

    private static int readInt(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xFF) << 24) | ((bytes[offset + 1] & 0xFF) << 16)
                | ((bytes[offset + 2] & 0xFF) << 8) | (bytes[offset + 3] & 0xFF);
    }
}
