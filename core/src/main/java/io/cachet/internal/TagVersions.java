package io.cachet.internal;

import io.cachet.CacheException;
import io.cachet.spi.BackendEntry;
import io.cachet.spi.Envelope;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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

    /**
     * Makes every entry tagged {@code tag} a miss, in every namespace: a new version on each store
     * (once per store and key prefix), each call waiting up to {@code timeout}.
     *
     * @throws CacheException when a store failed or did not keep the new version
     */
    static void invalidate(Namespaces namespaces, String tag, Duration timeout) {
        Objects.requireNonNull(tag, "tag");
        if (tag.isEmpty()) {
            throw new IllegalArgumentException("tag must not be empty");
        }
        Map<GuardedBackend, Set<String>> done = new IdentityHashMap<>();
        List<Namespace> spaces = new ArrayList<>(namespaces.all());
        spaces.add(0, namespaces.find(""));
        for (Namespace space : spaces) {
            String key = key(space, tag);
            if (done.computeIfAbsent(space.store, s -> new HashSet<>()).add(key)) {
                invalidate(space.store, key, timeout);
            }
        }
    }

    /**
     * Writes a new version of a tag and reads it back: a store that put it where readers do not
     * look (a Memcached namespace version this JVM had not seen change) is written again.
     */
    private static void invalidate(GuardedBackend store, String key, Duration timeout) {
        for (int attempt = 1; ; attempt++) {
            byte[] version = next();
            store.strict("invalidate tag", key, s -> s.put(key, version, null), timeout);
            BackendEntry written = store.strict("invalidate tag", key, s -> s.get(key), timeout);
            if (written != null && Arrays.equals(written.value(), version)) {
                store.metrics().tagInvalidations.increment();
                return;
            }
            if (attempt == 3) {
                throw new CacheException("the " + store.name() + " store did not keep the new version of tag key " + key
                        + " (written three times, read back otherwise): the invalidation may not have happened");
            }
        }
    }
}
