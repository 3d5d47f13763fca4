package io.cachet.jcache;

import io.cachet.spi.BackendEntry;
import io.cachet.spi.CacheBackendException;
import io.cachet.spi.Envelope;
import io.cachet.spi.GuardedStore;
import io.cachet.spi.KeyPage;

import javax.cache.CacheException;
import javax.cache.expiry.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * How one cache's keys and entries are held in the store: store keys under the cache's prefix,
 * entries read into {@link Slot}s (an envelope, its expiry, whether it is live), expiry instants,
 * the store's failures under the cache's fail-open policy, and the atomic steps every operation is
 * made of: a read, then a write that lands only on the very entry read. Values are
 * {@link ValueCodec}'s.
 */
final class StoreCodec<K, V> {
    private final String cacheName;
    private final GuardedStore backend;
    private final boolean failOpen;
    private final InstantSource clock;
    private final String prefix;
    private final ValueCodec values;
    /** Keys held as objects: only for store-by-reference on a local store; else {@code null}. */
    private final ReferenceKeys referenceKeys;

    StoreCodec(String cacheName, GuardedStore backend, boolean failOpen, InstantSource clock, String prefix,
               ValueCodec values, ReferenceKeys referenceKeys) {
        this.cacheName = cacheName;
        this.backend = backend;
        this.failOpen = failOpen;
        this.clock = clock;
        this.prefix = prefix;
        this.values = values;
        this.referenceKeys = referenceKeys;
    }

    /**
     * The store key: a {@code String} key as itself behind {@code s}; under store-by-reference on
     * a local store any other key by its {@link ReferenceKeys} id behind {@code r}; otherwise its
     * serialized form in base64url behind {@code o} (the first character keeps them apart).
     */
    String keyOf(K key) {
        if (key instanceof String text) {
            return prefix + "s" + text;
        }
        if (referenceKeys != null) {
            return prefix + "r" + referenceKeys.idOf(key, this::storedReferenceIds);
        }
        return prefix + "o" + Base64.getUrlEncoder().withoutPadding().encodeToString(ValueCodec.serialize(key));
    }

    /**
     * The key a store key names; {@code null} if it names none (a pruned reference id).
     *
     * @throws ValueCodec.Unreadable if a serialized key cannot be read or is not allowed
     */
    @SuppressWarnings("unchecked")
    K keyFrom(String stored) {
        String id = stored.substring(prefix.length());
        if (id.startsWith("s")) {
            return (K) id.substring(1);
        }
        if (id.startsWith("r")) {
            return referenceKeys == null ? null : (K) referenceKeys.keyOf(id.substring(1));
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(id.substring(1));
        } catch (IllegalArgumentException e) {
            throw new ValueCodec.Unreadable("its key is not base64url: " + e.getMessage(), e);
        }
        return (K) values.deserialize(bytes, 0, bytes.length);
    }

    /**
     * What a store key holds, as read: nothing; an entry that is not live (expired, or a kept object
     * the store dropped), which a write must still replace; or a live entry, whose value is decoded on
     * first use, so that a write need not decode the old value.
     */
    static final class Slot<V> {
        final String stored;
        /** The entry as read, the "expected" of a compare-and-set; {@code null}: absent. */
        final BackendEntry entry;
        final long expiresAt;
        final boolean live;
        /** The store failed (fail-open): read as absent, and a write on it is lost with the store, not retried. */
        final boolean failed;
        private V value;

        private final ValueCodec values;

        Slot(ValueCodec values, String stored, BackendEntry entry, long expiresAt, boolean live) {
            this(values, stored, entry, expiresAt, live, false);
        }

        Slot(ValueCodec values, String stored, BackendEntry entry, long expiresAt, boolean live, boolean failed) {
            this.values = values;
            this.stored = stored;
            this.entry = entry;
            this.expiresAt = expiresAt;
            this.live = live;
            this.failed = failed;
        }

        /** @throws ValueCodec.Unreadable if the stored bytes cannot be read as an allowed value */
        @SuppressWarnings("unchecked")
        V value() {
            if (value == null) {
                value = (V) values.decode(entry);
            }
            return value;
        }
    }

    /**
     * Reads a store key. A store failure is an absent entry (fail-open) or a {@link CacheException};
     * bytes that are not a Cachet envelope are removed and read as absent.
     */
    Slot<V> read(String stored) {
        BackendEntry entry;
        try {
            entry = GuardedStore.await(backend.get(stored));
        } catch (CacheBackendException e) {
            if (!failOpen) {
                throw new CacheException(e.getMessage(), e);
            }
            return new Slot<>(values, stored, null, 0, false, true);
        }
        if (entry == null) {
            return new Slot<>(values, stored, null, 0, false);
        }
        if (!Envelope.isValid(entry.value())) {
            discard(stored, entry, "it is not a Cachet envelope of a known format", null);
            return new Slot<>(values, stored, null, 0, false);
        }
        long expiresAt = Envelope.expiresAt(entry.value());
        boolean live = (expiresAt == Envelope.NEVER || expiresAt > clock.millis())
                && !(ValueCodec.isKept(entry) && entry.local() == null); // a kept object the store dropped
        return new Slot<>(values, stored, entry, expiresAt, live);
    }

    /** Removes an entry that cannot be read (only if it is still the one read), counted and logged like every such entry. */
    void discard(String stored, BackendEntry entry, String reason, Throwable cause) {
        backend.discardCorrupt(stored, reason, cause, entry);
    }

    /**
     * Waits for a store call of the guarded backend (bounded by its timeout, counted, logged): a
     * failure is {@code whenDown} when fail-open, else a {@link CacheException}.
     */
    <T> T join(CompletionStage<T> stage, T whenDown) {
        try {
            return GuardedStore.await(stage);
        } catch (CacheBackendException e) {
            if (failOpen) {
                return whenDown;
            }
            throw new CacheException(e.getMessage(), e);
        }
    }

    /** Absolute expiry for a duration; -1: already expired; {@link Envelope#NEVER}: none. */
    long expiresAt(Duration duration) {
        if (duration == null || duration.isEternal()) {
            return Envelope.NEVER;
        }
        if (duration.isZero()) {
            return -1;
        }
        return clock.millis() + duration.getTimeUnit().toMillis(duration.getDurationAmount());
    }

    java.time.Duration ttl(long expiresAt) {
        return expiresAt == Envelope.NEVER ? null : java.time.Duration.ofMillis(Math.max(1, expiresAt - clock.millis()));
    }

    /** The store keys under {@code under}, every page of them; as far as it got when the store fails (fail-open). */
    List<String> storedKeys(String under) {
        List<String> keys = new ArrayList<>();
        String cursor = null;
        do {
            KeyPage page = join(backend.scan(under, cursor, 500), null);
            if (page == null) {
                return keys;
            }
            keys.addAll(page.keys());
            cursor = page.nextCursor();
        } while (cursor != null);
        return keys;
    }

    /** The reference-key ids that have an entry in the store (for pruning). */
    private Set<String> storedReferenceIds() {
        Set<String> ids = new java.util.HashSet<>();
        for (String stored : storedKeys(prefix + "r")) {
            ids.add(stored.substring(prefix.length() + 1));
        }
        return ids;
    }

    // ---- atomic steps ----

    /** Returned by an {@link Attempt} whose write found the entry changed since it was read. */
    static final Object RETRY = new Object();
    /** Attempts before an operation gives up: only a store that never confirms a compare-and-set gets there. */
    private static final int MAX_ATTEMPTS = 100_000;

    /** One read-decide-write step on a key's slot; {@link #RETRY} if its write did not land. */
    @FunctionalInterface
    interface Attempt<K, V, R> {
        Object run(K key, Slot<V> slot);
    }

    /**
     * Runs {@code attempt} on what the key holds until its write lands on the very entry it read
     * (putIfAbsent, compare-and-set replace or compare-and-delete: one atomic store step each), so
     * two threads, or two JVMs sharing the store, never both win. An entry that cannot be read is
     * removed and the attempt runs again on the absent key.
     */
    @SuppressWarnings("unchecked")
    <R> R atomically(K key, Attempt<K, V, R> attempt) {
        BackendEntry unreadable = null;
        for (int attempts = 0; attempts < MAX_ATTEMPTS; attempts++) {
            if (attempts > 0) {
                // lost a race: a random pause (growing to a millisecond) lets the winners finish
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1_000L << Math.min(attempts, 10)));
            }
            Slot<V> slot = read(keyOf(key));
            if (unreadable != null && unreadable.equals(slot.entry)) {
                // the unreadable entry could not be removed (the store fails): absent, and nothing lands
                slot = new Slot<>(values, slot.stored, null, 0, false, true);
            }
            Object result;
            try {
                result = attempt.run(key, slot);
            } catch (ValueCodec.Unreadable e) {
                unreadable = slot.entry;
                discard(slot.stored, slot.entry, e.getMessage(), e.getCause());
                continue;
            }
            if (result != RETRY) {
                return (R) result;
            }
        }
        throw new CacheException("cache " + cacheName + ": the store did not confirm a compare-and-set of " + key
                + " in " + MAX_ATTEMPTS + " attempts");
    }

    /**
     * Writes a value in place of exactly what {@code slot} read; {@code false} if the entry changed
     * since (the caller reads again). A failed store call counts as landed and lost (fail-open).
     */
    boolean commit(K key, Slot<V> slot, V value, long expiresAt) {
        if (values.keepsObject(value)) {
            return commit(key, slot, Envelope.wrap(values.keptMark(), expiresAt), value, expiresAt);
        }
        return commit(key, slot, ValueCodec.envelope(value, expiresAt), null, expiresAt);
    }

    /** Writes the entry back unchanged but for its expiry (no decoding, no serializing), if it is still the one read. */
    boolean commitExpiry(K key, Slot<V> slot, long expiresAt) {
        return commit(key, slot, Envelope.withExpiry(slot.entry.value(), expiresAt),
                ValueCodec.isKept(slot.entry) ? slot.entry.local() : null, expiresAt);
    }

    private boolean commit(K key, Slot<V> slot, byte[] envelope, Object kept, long expiresAt) {
        java.time.Duration ttl = ttl(expiresAt);
        if (referenceKeys == null || key instanceof String) {
            return compareAndSet(slot, envelope, kept, ttl);
        }
        // A reference id pruned during the write: the entry it wrote is unreachable; remove it, read again.
        boolean[] landed = new boolean[1];
        String id = slot.stored.substring(prefix.length() + 1);
        if (referenceKeys.write(key, id, () -> landed[0] = compareAndSet(slot, envelope, kept, ttl))) {
            return landed[0];
        }
        if (landed[0]) {
            join(backend.delete(slot.stored), false);
        }
        return false;
    }

    private boolean compareAndSet(Slot<V> slot, byte[] envelope, Object kept, java.time.Duration ttl) {
        if (slot.failed) {
            return true; // what was read is unknown (fail-open): the write is lost with the store, never retried
        }
        CompletionStage<Boolean> write = slot.entry == null
                ? backend.putIfAbsent(slot.stored, envelope, kept, ttl)
                : backend.replace(slot.stored, slot.entry, envelope, kept, ttl);
        return join(write, Boolean.TRUE);
    }

    /** Removes exactly what {@code slot} read; {@code false} if the entry changed since. */
    boolean commitRemove(Slot<V> slot) {
        return slot.entry == null || slot.failed || join(backend.delete(slot.stored, slot.entry), Boolean.TRUE);
    }

    /** A write nothing depends on (no old value, no event): one store write. */
    void save(String stored, V value, long expiresAt) {
        CompletionStage<Void> write = values.keepsObject(value)
                ? backend.put(stored, Envelope.wrap(values.keptMark(), expiresAt), value, ttl(expiresAt))
                : backend.put(stored, ValueCodec.envelope(value, expiresAt), ttl(expiresAt));
        join(write, null);
    }
}
