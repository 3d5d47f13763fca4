package io.cachet.internal;

import io.cachet.spi.BackendEntry;
import io.cachet.spi.Envelope;

/** The versions of tags: each is an 8-byte random number in an envelope, beside the namespace's entries. */
final class TagVersions {

    private TagVersions() {
    }

    /** Where a tag's version lives: {@code {prefix}:cachet-tag:{tag}}, beside the namespace's entries. */
    static String key(Namespace space, String tag) {
        return space.settings.prefix() + ":cachet-tag:" + tag;
    }

    /** The version a tag's entry holds; 0 when there is none, or it is not a version. */
    static long version(BackendEntry entry) {
        if (entry == null || !Envelope.isValid(entry.value()) || Envelope.payloadLength(entry.value()) != 8) {
            return 0;
        }
        return java.nio.ByteBuffer.wrap(entry.value(), Envelope.payloadOffset(entry.value()), 8).getLong();
    }

    /** A new version: random, never 0 (no version). */
    static byte[] next() {
        long version;
        do {
            version = java.util.concurrent.ThreadLocalRandom.current().nextLong();
        } while (version == 0);
        return Envelope.wrap(java.nio.ByteBuffer.allocate(8).putLong(version).array(), Envelope.NEVER);
    }

}
