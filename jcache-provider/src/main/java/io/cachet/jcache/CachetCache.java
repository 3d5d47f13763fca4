package io.cachet.jcache;

import io.cachet.spi.Envelope;
import io.cachet.spi.GuardedStore;
import io.cachet.spi.CacheBackendException;
import io.cachet.spi.BackendEntry;
import io.cachet.spi.CacheBackend;
import io.cachet.spi.KeyPage;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import javax.cache.management.CacheMXBean;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import javax.cache.processor.MutableEntry;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.CompletionStage;
import java.time.InstantSource;

/**
 * A JCache {@link Cache} over a Cachet backend, in the namespace {@code cachet:jcache.<name>:},
 * with expiry in Cachet's envelope. How values are held (serialized, or kept as objects on a local
 * store) is {@link ValueCodec}'s business.
 */
public final class CachetCache<K, V> implements Cache<K, V> {
    private final CachetCacheManager manager;
    private final String name;
    private final MutableConfiguration<K, V> configuration;
    /** The manager's guarded store: bounded, circuit-broken and counted like every path to it. */
    private final GuardedStore backend;
    /** A failed store call is a miss or a lost write (fail-open), or a {@link CacheException}. */
    private final boolean failOpen;
    private final InstantSource clock;
    private final String prefix;
    private final ExpiryPolicy expiry;
    private final ValueCodec values;
    /** Keys held as objects: only for store-by-reference on a local store. */
    private final ReferenceKeys referenceKeys;
    private final CacheLoader<K, V> loader;
    private final CacheWriter<? super K, ? super V> writer;
    private final List<Registration<K, V>> listeners = new CopyOnWriteArrayList<>();
    /** Whether Micrometer is on the class path (checked here: {@link JCacheMeters} cannot even load without it). */
    private static final boolean MICROMETER = present("io.micrometer.core.instrument.MeterRegistry");
    private final Statistics statistics = new Statistics();
    /** Micrometer meters reading {@link #statistics}, when Micrometer is present; else null. */
    private final AutoCloseable meters;
    private final ExecutorService asyncEvents = ForkJoinPool.commonPool();
    private volatile boolean closed;

    CachetCache(CachetCacheManager manager, String name, MutableConfiguration<K, V> configuration,
                GuardedStore backend) {
        this.manager = manager;
        this.name = name;
        this.configuration = configuration;
        this.backend = backend;
        this.failOpen = manager.failOpen();
        this.clock = manager.clock();
        this.prefix = "cachet:jcache." + URLEncoder.encode(name, StandardCharsets.UTF_8).replace(":", "%3A") + ":";
        boolean local = backend.capabilities().contains(io.cachet.spi.Capability.LOCAL);
        this.values = new ValueCodec(manager.getClassLoader(), configuration.isStoreByValue(), local,
                ValueCodec.filter(configuration.getKeyType(), configuration.getValueType(), manager.allowedClasses()));
        this.referenceKeys = local && !configuration.isStoreByValue()
                && backend.capabilities().contains(io.cachet.spi.Capability.ITERATE_KEYS)
                ? ReferenceKeys.of(backend, prefix) : null;
        Factory<ExpiryPolicy> expiryFactory = configuration.getExpiryPolicyFactory();
        this.expiry = expiryFactory == null ? new javax.cache.expiry.EternalExpiryPolicy() : expiryFactory.create();
        this.loader = configuration.getCacheLoaderFactory() == null ? null : configuration.getCacheLoaderFactory().create();
        this.writer = configuration.getCacheWriterFactory() == null ? null : configuration.getCacheWriterFactory().create();
        for (CacheEntryListenerConfiguration<K, V> listener : configuration.getCacheEntryListenerConfigurations()) {
            listeners.add(new Registration<>(listener));
        }
        this.meters = MICROMETER ? new JCacheMeters(name, backend.name(), statistics) : null;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, CachetCache.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }

    // ---- encoding ----

    /**
     * The store key: a {@code String} key as itself behind {@code s}; under store-by-reference on
     * a local store any other key by its {@link ReferenceKeys} id behind {@code r}; otherwise its
     * serialized form in base64url behind {@code o} (the first character keeps them apart).
     */
    private String keyOf(K key) {
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
    private K keyFrom(String stored) {
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
    private final class Slot {
        final String stored;
        /** The entry as read, the "expected" of a compare-and-set; {@code null}: absent. */
        final BackendEntry entry;
        final long expiresAt;
        final boolean live;
        /** The store failed (fail-open): read as absent, and a write on it is lost with the store, not retried. */
        final boolean failed;
        private V value;

        Slot(String stored, BackendEntry entry, long expiresAt, boolean live) {
            this(stored, entry, expiresAt, live, false);
        }

        Slot(String stored, BackendEntry entry, long expiresAt, boolean live, boolean failed) {
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
    private Slot read(String stored) {
        BackendEntry entry;
        try {
            entry = GuardedStore.await(backend.get(stored));
        } catch (CacheBackendException e) {
            if (!failOpen) {
                throw new CacheException(e.getMessage(), e);
            }
            return new Slot(stored, null, 0, false, true);
        }
        if (entry == null) {
            return new Slot(stored, null, 0, false);
        }
        if (!Envelope.isValid(entry.value())) {
            discard(stored, entry, "it is not a Cachet envelope of a known format", null);
            return new Slot(stored, null, 0, false);
        }
        long expiresAt = Envelope.expiresAt(entry.value());
        boolean live = (expiresAt == Envelope.NEVER || expiresAt > clock.millis())
                && !(ValueCodec.isKept(entry) && entry.local() == null); // a kept object the store dropped
        return new Slot(stored, entry, expiresAt, live);
    }

    /** Removes an entry that cannot be read (only if it is still the one read), counted and logged like every such entry. */
    private void discard(String stored, BackendEntry entry, String reason, Throwable cause) {
        backend.discardCorrupt(stored, reason, cause, entry);
    }

    /**
     * Waits for a store call of the guarded backend (bounded by its timeout, counted, logged): a
     * failure is {@code whenDown} when fail-open, else a {@link CacheException}.
     */
    private <T> T join(CompletionStage<T> stage, T whenDown) {
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
    private long expiresAt(Duration duration) {
        if (duration == null || duration.isEternal()) {
            return Envelope.NEVER;
        }
        if (duration.isZero()) {
            return -1;
        }
        return clock.millis() + duration.getTimeUnit().toMillis(duration.getDurationAmount());
    }

    private java.time.Duration ttl(long expiresAt) {
        return expiresAt == Envelope.NEVER ? null : java.time.Duration.ofMillis(Math.max(1, expiresAt - clock.millis()));
    }

    private Duration safely(java.util.function.Supplier<Duration> duration) {
        try {
            return duration.get();
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ---- atomic steps ----

    /** Returned by an {@link Attempt} whose write found the entry changed since it was read. */
    private static final Object RETRY = new Object();
    /** Attempts before an operation gives up: only a store that never confirms a compare-and-set gets there. */
    private static final int MAX_ATTEMPTS = 100_000;

    /** One read-decide-write step on a key's slot; {@link #RETRY} if its write did not land. */
    @FunctionalInterface
    private interface Attempt<K, V, R> {
        Object run(K key, CachetCache<K, V>.Slot slot);
    }

    /**
     * Runs {@code attempt} on what the key holds until its write lands on the very entry it read
     * (putIfAbsent, compare-and-set replace or compare-and-delete: one atomic store step each), so
     * two threads, or two JVMs sharing the store, never both win. An entry that cannot be read is
     * removed and the attempt runs again on the absent key.
     */
    @SuppressWarnings("unchecked")
    private <R> R atomically(K key, Attempt<K, V, R> attempt) {
        BackendEntry unreadable = null;
        for (int attempts = 0; attempts < MAX_ATTEMPTS; attempts++) {
            if (attempts > 0) {
                // lost a race: a random pause (growing to a millisecond) lets the winners finish
                java.util.concurrent.locks.LockSupport.parkNanos(
                        java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000L << Math.min(attempts, 10)));
            }
            Slot slot = read(keyOf(key));
            if (unreadable != null && unreadable.equals(slot.entry)) {
                // the unreadable entry could not be removed (the store fails): absent, and nothing lands
                slot = new Slot(slot.stored, null, 0, false, true);
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
        throw new CacheException("cache " + name + ": the store did not confirm a compare-and-set of " + key
                + " in " + MAX_ATTEMPTS + " attempts");
    }

    /**
     * Writes a value in place of exactly what {@code slot} read; {@code false} if the entry changed
     * since (the caller reads again). A failed store call counts as landed and lost (fail-open).
     */
    private boolean commit(K key, Slot slot, V value, long expiresAt) {
        if (values.keepsObject(value)) {
            return commit(key, slot, Envelope.wrap(values.keptMark(), expiresAt), value, expiresAt);
        }
        return commit(key, slot, ValueCodec.envelope(value, expiresAt), null, expiresAt);
    }

    /** Writes the entry back unchanged but for its expiry (no decoding, no serializing), if it is still the one read. */
    private boolean commitExpiry(K key, Slot slot, long expiresAt) {
        return commit(key, slot, Envelope.withExpiry(slot.entry.value(), expiresAt),
                ValueCodec.isKept(slot.entry) ? slot.entry.local() : null, expiresAt);
    }

    private boolean commit(K key, Slot slot, byte[] envelope, Object kept, long expiresAt) {
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

    private boolean compareAndSet(Slot slot, byte[] envelope, Object kept, java.time.Duration ttl) {
        if (slot.failed) {
            return true; // what was read is unknown (fail-open): the write is lost with the store, never retried
        }
        CompletionStage<Boolean> write = slot.entry == null
                ? backend.putIfAbsent(slot.stored, envelope, kept, ttl)
                : backend.replace(slot.stored, slot.entry, envelope, kept, ttl);
        return join(write, Boolean.TRUE);
    }

    /** Removes exactly what {@code slot} read; {@code false} if the entry changed since. */
    private boolean commitRemove(Slot slot) {
        return slot.entry == null || slot.failed || join(backend.delete(slot.stored, slot.entry), Boolean.TRUE);
    }

    /** A write nothing depends on (no old value, no event): one store write. */
    private void save(String stored, V value, long expiresAt) {
        CompletionStage<Void> write = values.keepsObject(value)
                ? backend.put(stored, Envelope.wrap(values.keptMark(), expiresAt), value, ttl(expiresAt))
                : backend.put(stored, ValueCodec.envelope(value, expiresAt), ttl(expiresAt));
        join(write, null);
    }

    /** The reference-key ids that have an entry in the store (for pruning). */
    private Set<String> storedReferenceIds() {
        Set<String> ids = new java.util.HashSet<>();
        for (String stored : storedKeys(prefix + "r")) {
            ids.add(stored.substring(prefix.length() + 1));
        }
        return ids;
    }

    // ---- writes with events ----

    /**
     * Stores a value in place of what {@code slot} read (create or update), honouring the expiry
     * policy: {@code true} if it stored (or, for a zero update expiry, removed) the entry,
     * {@code false} if nothing was stored (zero creation expiry), {@link #RETRY} if the entry changed.
     */
    private Object store(K key, Slot slot, V value) {
        if (!slot.live) {
            long at = expiresAt(safely(expiry::getExpiryForCreation));
            if (at == -1) {
                return false;
            }
            if (!commit(key, slot, value, at)) {
                return RETRY;
            }
            dispatch(EventType.CREATED, key, null, value);
            return true;
        }
        decodeForListeners(slot, EventType.UPDATED, EventType.EXPIRED);
        Duration update = safely(expiry::getExpiryForUpdate);
        long at = update == null ? slot.expiresAt : expiresAt(update);
        if (at == -1) {
            if (!commitRemove(slot)) {
                return RETRY;
            }
            dispatch(EventType.EXPIRED, key, slot, null);
            return true;
        }
        if (!commit(key, slot, value, at)) {
            return RETRY;
        }
        dispatch(EventType.UPDATED, key, slot, value);
        return true;
    }

    /**
     * Applies the access expiry after a read, to the very entry read: if it changed or was removed
     * meanwhile, the newer state wins (a read never brings a removed entry back).
     */
    private void accessed(K key, Slot slot) {
        Duration access = safely(expiry::getExpiryForAccess);
        if (access == null) {
            return;
        }
        long at = expiresAt(access);
        if (at == -1) {
            commitRemove(slot);
            return;
        }
        commitExpiry(key, slot, at);
    }

    private void write(K key, V value) {
        if (writer != null && configuration.isWriteThrough()) {
            try {
                writer.write(new CachetEntry<>(key, value));
            } catch (CacheWriterException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new CacheWriterException(e);
            }
        }
    }

    private void writeDelete(K key) {
        if (writer != null && configuration.isWriteThrough()) {
            try {
                writer.delete(key);
            } catch (CacheWriterException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new CacheWriterException(e);
            }
        }
    }

    private V load(K key) {
        if (loader == null || !configuration.isReadThrough()) {
            return null;
        }
        try {
            return loader.load(key);
        } catch (CacheLoaderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheLoaderException(e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("cache " + name + " is closed");
        }
    }

    private static void requireNonNull(Object value, String what) {
        if (value == null) {
            throw new NullPointerException(what + " must not be null");
        }
    }

    private void checkTypes(K key, V value) {
        Class<K> keyType = configuration.getKeyType();
        Class<V> valueType = configuration.getValueType();
        if (key != null && keyType != Object.class && !keyType.isInstance(key)) {
            throw new ClassCastException("key " + key + " is not a " + keyType.getName());
        }
        if (value != null && valueType != Object.class && !valueType.isInstance(value)) {
            throw new ClassCastException("value " + value + " is not a " + valueType.getName());
        }
    }

    // ---- Cache ----

    @Override
    public V get(K key) {
        ensureOpen();
        requireNonNull(key, "key");
        long start = System.nanoTime();
        V found = atomically(key, (k, slot) -> {
            if (!slot.live) {
                return null;
            }
            V value = slot.value();
            accessed(k, slot);
            return value;
        });
        record(found != null, start);
        if (found != null) {
            return found;
        }
        V loaded = load(key);
        if (loaded != null) {
            // a value another caller stored meanwhile wins: the loaded one is returned, not forced in
            atomically(key, (k, slot) -> slot.live ? Boolean.FALSE : store(k, slot, loaded));
        }
        return loaded;
    }

    private void record(boolean hit, long start) {
        if (configuration.isStatisticsEnabled()) {
            (hit ? statistics.hits : statistics.misses).increment();
            statistics.getNanos.add(System.nanoTime() - start);
        }
    }

    private void recordPut(long start) {
        if (configuration.isStatisticsEnabled()) {
            statistics.puts.increment();
            statistics.putNanos.add(System.nanoTime() - start);
        }
    }

    /** Decodes an old value the listeners will be given before the store changes: a value that
     *  cannot be read then fails the attempt instead of leaving it half done. */
    private void decodeForListeners(Slot current, EventType... types) {
        for (EventType type : types) {
            if (oldValueWanted(type)) {
                current.value();
                return;
            }
        }
    }

    /** Whether a listener of {@code type} events asked for old values (others never see them). */
    private boolean oldValueWanted(EventType type) {
        for (Registration<K, V> registration : listeners) {
            if (registration.wants(type) && registration.configuration.isOldValueRequired()) {
                return true;
            }
        }
        return false;
    }

    /** Removes the live entry {@code slot} read: the store, the REMOVED event, the statistics; {@link #RETRY} if it changed. */
    private Object removeStored(K key, Slot slot, long start) {
        decodeForListeners(slot, EventType.REMOVED);
        if (!commitRemove(slot)) {
            return RETRY;
        }
        dispatch(EventType.REMOVED, key, slot, null);
        recordRemove(start);
        return true;
    }

    private void recordRemove(long start) {
        if (configuration.isStatisticsEnabled()) {
            statistics.removals.increment();
            statistics.removeNanos.add(System.nanoTime() - start);
        }
    }

    @Override
    public Map<K, V> getAll(Set<? extends K> keys) {
        ensureOpen();
        requireNonNull(keys, "keys");
        Map<K, V> result = new LinkedHashMap<>();
        for (K key : keys) {
            requireNonNull(key, "key");
        }
        for (K key : keys) {
            V value = get(key);
            if (value != null) {
                result.put(key, value);
            }
        }
        return result;
    }

    @Override
    public boolean containsKey(K key) {
        ensureOpen();
        requireNonNull(key, "key");
        return atomically(key, (k, slot) -> slot.live && slot.value() != null); // unreadable: absent, and removed
    }

    @Override
    public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener completionListener) {
        ensureOpen();
        requireNonNull(keys, "keys");
        for (K key : keys) {
            requireNonNull(key, "key");
        }
        CompletionListener listener = completionListener == null ? new CompletionListener() {
            @Override
            public void onCompletion() {
            }

            @Override
            public void onException(Exception e) {
            }
        } : completionListener;
        if (loader == null) {
            listener.onCompletion();
            return;
        }
        asyncEvents.execute(() -> {
            try {
                for (K key : keys) {
                    if (!replaceExistingValues && read(keyOf(key)).live) {
                        continue;
                    }
                    V value;
                    try {
                        value = loader.load(key);
                    } catch (CacheLoaderException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        throw new CacheLoaderException(e);
                    }
                    if (value != null) {
                        atomically(key, (k, slot) -> slot.live && !replaceExistingValues ? Boolean.FALSE
                                : store(k, slot, value));
                    }
                }
                listener.onCompletion();
            } catch (Exception e) {
                listener.onException(e);
            }
        });
    }

    @Override
    public void put(K key, V value) {
        ensureOpen();
        requireNonNull(key, "key");
        requireNonNull(value, "value");
        checkTypes(key, value);
        long start = System.nanoTime();
        write(key, value);
        long blind = blindExpiresAt();
        if (blind != NEEDS_READ && (referenceKeys == null || key instanceof String)) {
            save(keyOf(key), value, blind); // one store write: nothing depends on what was there
            recordPut(start);
            return;
        }
        if (Boolean.TRUE.equals(atomically(key, (k, slot) -> store(k, slot, value)))) {
            recordPut(start);
        }
    }

    /** {@link #blindExpiresAt}: the old entry decides the expiry or an event, so it must be read. */
    private static final long NEEDS_READ = Long.MIN_VALUE;

    /**
     * The expiry of a {@code put} that need not read the old entry: no listener wants its event,
     * and the policy is a standard one whose creation and update expiry are the same (eternal,
     * modified, touched). Any other policy is asked as JSR-107 says, after the read.
     */
    private long blindExpiresAt() {
        if (!listeners.isEmpty()) {
            return NEEDS_READ;
        }
        Class<?> policy = expiry.getClass();
        if (policy == javax.cache.expiry.EternalExpiryPolicy.class) {
            return Envelope.NEVER;
        }
        if (policy == javax.cache.expiry.ModifiedExpiryPolicy.class
                || policy == javax.cache.expiry.TouchedExpiryPolicy.class) {
            Duration duration = safely(expiry::getExpiryForCreation);
            return duration == null || duration.isZero() ? NEEDS_READ : expiresAt(duration);
        }
        return NEEDS_READ;
    }

    @Override
    public V getAndPut(K key, V value) {
        ensureOpen();
        requireNonNull(key, "key");
        requireNonNull(value, "value");
        checkTypes(key, value);
        long start = System.nanoTime();
        write(key, value);
        Object[] outcome = atomically(key, (k, slot) -> {
            V old = slot.live ? slot.value() : null; // read before the write, as a read fails
            Object stored = store(k, slot, value);
            return stored == RETRY ? RETRY : new Object[] {old, stored};
        });
        @SuppressWarnings("unchecked")
        V old = (V) outcome[0];
        record(old != null, start);
        if (Boolean.TRUE.equals(outcome[1])) {
            recordPut(start);
        }
        return old;
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> map) {
        ensureOpen();
        requireNonNull(map, "map");
        for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
            requireNonNull(entry.getKey(), "key");
            requireNonNull(entry.getValue(), "value");
            checkTypes(entry.getKey(), entry.getValue());
        }
        CacheWriterException failure = null;
        Map<K, V> toStore = new LinkedHashMap<>(map);
        if (writer != null && configuration.isWriteThrough()) {
            List<Cache.Entry<? extends K, ? extends V>> entries = new ArrayList<>();
            map.forEach((k, v) -> entries.add(new CachetEntry<>(k, v)));
            try {
                writeAll(entries);
            } catch (RuntimeException e) {
                failure = e instanceof CacheWriterException w ? w : new CacheWriterException(e);
            }
            // entries left in the collection were not written: they must not be cached
            for (Cache.Entry<? extends K, ? extends V> unwritten : entries) {
                toStore.remove(unwritten.getKey());
            }
        }
        for (Map.Entry<K, V> entry : toStore.entrySet()) {
            long start = System.nanoTime();
            V value = entry.getValue();
            if (Boolean.TRUE.equals(atomically(entry.getKey(), (k, slot) -> store(k, slot, value)))) {
                recordPut(start);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void writeAll(List<Cache.Entry<? extends K, ? extends V>> entries) {
        ((CacheWriter) writer).writeAll((java.util.Collection) entries);
    }

    @Override
    public boolean putIfAbsent(K key, V value) {
        ensureOpen();
        requireNonNull(key, "key");
        requireNonNull(value, "value");
        checkTypes(key, value);
        long start = System.nanoTime();
        boolean[] written = new boolean[1];
        Object outcome = atomically(key, (k, slot) -> {
            if (slot.live) {
                slot.value(); // an entry that cannot be read is absent (and removed)
                return Boolean.FALSE;
            }
            if (!written[0]) {
                write(k, value);
                written[0] = true;
            }
            Object stored = store(k, slot, value);
            return stored == RETRY ? RETRY : new Object[] {stored};
        });
        boolean absent = outcome instanceof Object[];
        record(!absent, start);
        if (absent && Boolean.TRUE.equals(((Object[]) outcome)[0])) {
            recordPut(start);
        }
        return absent;
    }

    @Override
    public boolean remove(K key) {
        ensureOpen();
        requireNonNull(key, "key");
        long start = System.nanoTime();
        writeDelete(key);
        return atomically(key, (k, slot) -> {
            if (!slot.live) {
                return Boolean.FALSE;
            }
            slot.value(); // an entry that cannot be read is absent (and removed)
            return removeStored(k, slot, start);
        });
    }

    @Override
    public boolean remove(K key, V oldValue) {
        ensureOpen();
        requireNonNull(key, "key");
        requireNonNull(oldValue, "oldValue");
        long start = System.nanoTime();
        Object outcome = ifHolds(key, oldValue, () -> writeDelete(key), (k, slot) -> removeStored(k, slot, start));
        record(outcome != null, start);
        return Boolean.TRUE.equals(outcome);
    }

    /**
     * The compare step of {@code remove(k, v)} and {@code replace(k, v, w)}: {@code null} if the
     * key is absent, {@code false} (after the access expiry) if it holds another value, else what
     * {@code change} lands; the write-through runs once, whatever the attempts.
     */
    private Object ifHolds(K key, V expected, Runnable writeThrough, Attempt<K, V, Object> change) {
        boolean[] written = new boolean[1];
        return atomically(key, (k, slot) -> {
            if (!slot.live) {
                return null;
            }
            if (!slot.value().equals(expected)) {
                accessed(k, slot);
                return Boolean.FALSE;
            }
            if (!written[0]) {
                writeThrough.run();
                written[0] = true;
            }
            return change.run(k, slot);
        });
    }

    @Override
    public V getAndRemove(K key) {
        ensureOpen();
        requireNonNull(key, "key");
        long start = System.nanoTime();
        writeDelete(key);
        V old = atomically(key, (k, slot) -> {
            if (!slot.live) {
                return null;
            }
            V value = slot.value(); // read before the removal, as a read fails
            return removeStored(k, slot, start) == RETRY ? RETRY : value;
        });
        record(old != null, start);
        return old;
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        ensureOpen();
        requireNonNull(key, "key");
        requireNonNull(oldValue, "oldValue");
        requireNonNull(newValue, "newValue");
        checkTypes(key, newValue);
        checkTypes(key, oldValue);
        long start = System.nanoTime();
        Object outcome = ifHolds(key, oldValue, () -> write(key, newValue),
                (k, slot) -> store(k, slot, newValue) == RETRY ? RETRY : Boolean.TRUE);
        record(outcome != null, start);
        if (Boolean.TRUE.equals(outcome)) {
            recordPut(start);
            return true;
        }
        return false;
    }

    @Override
    public boolean replace(K key, V value) {
        return replaceExisting(key, value, false) != null;
    }

    @Override
    public V getAndReplace(K key, V value) {
        Object old = replaceExisting(key, value, true);
        @SuppressWarnings("unchecked")
        V previous = (V) old;
        return previous;
    }

    /**
     * Replaces a live entry; {@code null} if there was none, else its old value when
     * {@code returnOld} (read before the write, as a read fails), else a placeholder.
     */
    private Object replaceExisting(K key, V value, boolean returnOld) {
        ensureOpen();
        requireNonNull(key, "key");
        requireNonNull(value, "value");
        checkTypes(key, value);
        long start = System.nanoTime();
        boolean[] written = new boolean[1];
        Object old = atomically(key, (k, slot) -> {
            if (!slot.live) {
                return null;
            }
            Object previous = slot.value() != null && returnOld ? slot.value() : Boolean.TRUE; // unreadable: absent
            if (!written[0]) {
                write(k, value);
                written[0] = true;
            }
            return store(k, slot, value) == RETRY ? RETRY : previous;
        });
        record(old != null, start);
        if (old != null) {
            recordPut(start);
        }
        return old;
    }

    @Override
    public void removeAll(Set<? extends K> keys) {
        ensureOpen();
        requireNonNull(keys, "keys");
        for (K key : keys) {
            requireNonNull(key, "key");
        }
        CacheWriterException failure = null;
        Set<K> toRemove = new java.util.LinkedHashSet<>(keys);
        if (writer != null && configuration.isWriteThrough() && !keys.isEmpty()) {
            java.util.Collection<Object> pending = new ArrayList<>(keys);
            try {
                writer.deleteAll(pending);
            } catch (RuntimeException e) {
                failure = e instanceof CacheWriterException w ? w : new CacheWriterException(e);
            }
            toRemove.removeAll(pending);
        }
        for (K key : toRemove) {
            long start = System.nanoTime();
            atomically(key, (k, slot) -> slot.live ? removeStored(k, slot, start) : Boolean.FALSE);
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void removeAll() {
        ensureOpen();
        if (!backend.capabilities().contains(io.cachet.spi.Capability.ITERATE_KEYS)) {
            // A store that cannot list keys (Memcached) can still drop them all at once; only
            // per-entry listeners and write-through need the keys one by one.
            if (!listeners.isEmpty() || (writer != null && configuration.isWriteThrough())) {
                throw new UnsupportedOperationException("removeAll() with listeners or write-through needs a store"
                        + " that lists keys; " + backend.name() + " cannot");
            }
            join(backend.clear(prefix), CacheBackend.UNKNOWN_COUNT);
            return;
        }
        Set<K> keys = new java.util.LinkedHashSet<>();
        for (String stored : storedKeys(prefix)) {
            K key;
            try {
                key = keyFrom(stored);
            } catch (ValueCodec.Unreadable e) {
                discard(stored, null, "its key cannot be read: " + e.getMessage(), e.getCause());
                continue;
            }
            if (key != null) {
                keys.add(key);
            } else {
                join(backend.delete(stored), false); // an entry whose key was pruned: unreachable anyway
            }
        }
        removeAll(keys);
    }

    /** The backend keys of this cache, without reading their values; none while the store is down (fail-open). */
    private List<String> storedKeys(String under) {
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

    @Override
    public void clear() {
        ensureOpen();
        join(backend.clear(prefix), CacheBackend.UNKNOWN_COUNT);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <C extends Configuration<K, V>> C getConfiguration(Class<C> type) {
        if (type.isAssignableFrom(MutableConfiguration.class)) {
            return (C) new MutableConfiguration<>(configuration);
        }
        throw new IllegalArgumentException("configuration is not a " + type.getName());
    }

    /**
     * Runs the processor on the entry and lands its change with one atomic store step; if another
     * caller changed the entry meanwhile, the processor runs again on the new value (so it may run
     * more than once, and its result is the run whose change landed).
     */
    @Override
    public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
        ensureOpen();
        requireNonNull(key, "key");
        requireNonNull(processor, "processor");
        long start = System.nanoTime();
        Object[] outcome = atomically(key, (k, slot) -> {
            Mutable<K, V> entry = new Mutable<>(k, slot.live ? slot.value() : null);
            T result;
            try {
                result = processor.process(entry, arguments);
            } catch (EntryProcessorException e) {
                throw e;
            } catch (Exception e) {
                throw new EntryProcessorException(e);
            }
            Object landed = switch (entry.operation) {
                case NONE -> {
                    if (slot.live) {
                        accessed(k, slot);
                    }
                    yield Boolean.FALSE;
                }
                case LOAD -> slot.live ? Boolean.FALSE : store(k, slot, entry.value);
                case SET -> {
                    checkTypes(k, entry.value);
                    write(k, entry.value);
                    yield store(k, slot, entry.value);
                }
                case REMOVE -> {
                    writeDelete(k);
                    yield slot.live ? removeStored(k, slot, start) : Boolean.FALSE;
                }
            };
            return landed == RETRY ? RETRY : new Object[] {result, slot.live, entry.operation, landed};
        });
        // The lookup itself is the hit or the miss, whatever the processor does with the entry.
        record((Boolean) outcome[1], start);
        if (outcome[2] == Operation.SET && Boolean.TRUE.equals(outcome[3])) {
            recordPut(start);
        }
        @SuppressWarnings("unchecked")
        T result = (T) outcome[0];
        return result;
    }

    @Override
    public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> processor,
                                                         Object... arguments) {
        ensureOpen();
        requireNonNull(keys, "keys");
        requireNonNull(processor, "processor");
        Map<K, EntryProcessorResult<T>> results = new HashMap<>();
        for (K key : keys) {
            requireNonNull(key, "key");
            try {
                T result = invoke(key, processor, arguments);
                if (result != null) {
                    results.put(key, () -> result);
                }
            } catch (Exception e) {
                EntryProcessorException failure = e instanceof EntryProcessorException p ? p : new EntryProcessorException(e);
                results.put(key, () -> {
                    throw failure;
                });
            }
        }
        return results;
    }

    /** The entry an {@link EntryProcessor} works on; the last operation wins. */
    private final class Mutable<KK extends K, VV extends V> implements MutableEntry<K, V> {
        private final K key;
        private V value;
        private final boolean existed;
        private Operation operation = Operation.NONE;
        private boolean accessed;

        Mutable(K key, V value) {
            this.key = key;
            this.value = value;
            this.existed = value != null;
        }

        @Override
        public boolean exists() {
            accessed = true;
            if (value == null && operation == Operation.NONE && loader != null && configuration.isReadThrough()) {
                return false;
            }
            return value != null;
        }

        @Override
        public void remove() {
            // An entry this processor created and now removes never existed: nothing to write.
            // Otherwise the removal is written through, even for an absent entry (the writer decides).
            operation = operation == Operation.SET && !existed ? Operation.NONE : Operation.REMOVE;
            value = null;
        }

        @Override
        public void setValue(V newValue) {
            requireNonNull(newValue, "value");
            operation = Operation.SET;
            value = newValue;
        }

        @Override
        public K getKey() {
            return key;
        }

        @Override
        public V getValue() {
            accessed = true;
            if (value == null && operation == Operation.NONE && !existed) {
                V loaded = load(key);
                if (loaded != null) {
                    value = loaded;
                    operation = Operation.LOAD;
                }
            }
            return value;
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            if (type.isInstance(this)) {
                return type.cast(this);
            }
            throw new IllegalArgumentException("cannot unwrap a mutable entry to " + type.getName());
        }
    }

    private enum Operation { NONE, LOAD, SET, REMOVE }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public CacheManager getCacheManager() {
        return manager;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        unregisterMXBeans();
        if (meters != null) {
            try {
                meters.close();
            } catch (Exception ignored) {
                // the meters go with the registry
            }
        }
        manager.forget(name, this);
        for (Object closeable : new Object[] {loader, writer, expiry}) {
            if (closeable instanceof java.io.Closeable c) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing is best effort
                }
            }
        }
        for (Registration<K, V> registration : listeners) {
            registration.close();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return type.isInstance(this) ? type.cast(this) : backend.unwrap(type);
    }

    @Override
    public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        ensureOpen();
        requireNonNull(listenerConfiguration, "listenerConfiguration");
        for (Registration<K, V> registration : listeners) {
            if (registration.configuration.equals(listenerConfiguration)) {
                throw new IllegalArgumentException("listener already registered");
            }
        }
        configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
        listeners.add(new Registration<>(listenerConfiguration));
    }

    @Override
    public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        requireNonNull(listenerConfiguration, "listenerConfiguration");
        for (Registration<K, V> registration : listeners) {
            if (registration.configuration.equals(listenerConfiguration)) {
                listeners.remove(registration);
                configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
                registration.close();
            }
        }
    }

    /** Iterates live entries; each {@code next()} is a read: a hit, with the access expiry applied. */
    @Override
    public Iterator<Cache.Entry<K, V>> iterator() {
        ensureOpen();
        Iterator<String> keys = storedKeys(prefix).iterator();
        return new Iterator<>() {
            private Cache.Entry<K, V> next;
            private Cache.Entry<K, V> last;

            @Override
            public boolean hasNext() {
                while (next == null && keys.hasNext()) {
                    String stored = keys.next();
                    long start = System.nanoTime();
                    Slot slot = read(stored);
                    if (!slot.live) {
                        continue;
                    }
                    try {
                        K key = keyFrom(stored);
                        if (key != null) {
                            V value = slot.value();
                            accessed(key, slot);
                            record(true, start);
                            next = new CachetEntry<>(key, value);
                        }
                    } catch (ValueCodec.Unreadable e) {
                        discard(stored, slot.entry, e.getMessage(), e.getCause());
                    }
                }
                return next != null;
            }

            @Override
            public Cache.Entry<K, V> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                last = next;
                next = null;
                return last;
            }

            @Override
            public void remove() {
                if (last == null) {
                    throw new IllegalStateException("next() first");
                }
                CachetCache.this.remove(last.getKey());
                last = null;
            }
        };
    }

    // ---- listeners ----

    /** Tells the listeners; the old entry is decoded only if one asked for old values. A null value: the old one. */
    private void dispatch(EventType type, K key, Slot old, V value) {
        if (listeners.isEmpty()) {
            return;
        }
        V oldValue = old == null || !oldValueWanted(type) ? null : old.value();
        V newValue = value != null ? value : oldValue;
        for (Registration<K, V> registration : listeners) {
            registration.deliver(this, type, key, oldValue, newValue);
        }
    }

    /** One registered listener with its filter. */
    private static final class Registration<K, V> {
        final CacheEntryListenerConfiguration<K, V> configuration;
        final CacheEntryListener<? super K, ? super V> listener;
        final CacheEntryEventFilter<? super K, ? super V> filter;

        Registration(CacheEntryListenerConfiguration<K, V> configuration) {
            this.configuration = configuration;
            this.listener = configuration.getCacheEntryListenerFactory().create();
            this.filter = configuration.getCacheEntryEventFilterFactory() == null ? null
                    : configuration.getCacheEntryEventFilterFactory().create();
        }

        boolean wants(EventType type) {
            return switch (type) {
                case CREATED -> listener instanceof CacheEntryCreatedListener;
                case UPDATED -> listener instanceof CacheEntryUpdatedListener;
                case REMOVED -> listener instanceof CacheEntryRemovedListener;
                case EXPIRED -> listener instanceof CacheEntryExpiredListener;
            };
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        void deliver(CachetCache<K, V> cache, EventType type, K key, V oldValue, V value) {
            if (!wants(type)) {
                return;
            }
            boolean gone = type == EventType.REMOVED || type == EventType.EXPIRED;
            boolean withOld = configuration.isOldValueRequired();
            Event<K, V> event = new Event<>(cache, type, key, withOld ? oldValue : null,
                    gone && !withOld ? null : value, withOld || type == EventType.UPDATED);
            if (filter != null && !filter.evaluate(event)) {
                return;
            }
            Runnable send = () -> {
                List events = List.of(event);
                switch (type) {
                    case CREATED -> ((CacheEntryCreatedListener) listener).onCreated(events);
                    case UPDATED -> ((CacheEntryUpdatedListener) listener).onUpdated(events);
                    case REMOVED -> ((CacheEntryRemovedListener) listener).onRemoved(events);
                    case EXPIRED -> ((CacheEntryExpiredListener) listener).onExpired(events);
                    default -> throw new IllegalStateException();
                }
            };
            if (configuration.isSynchronous()) {
                try {
                    send.run();
                } catch (RuntimeException e) {
                    throw new javax.cache.event.CacheEntryListenerException(e);
                }
            } else {
                cache.asyncEvents.execute(send);
            }
        }

        void close() {
            for (Object closeable : new Object[] {listener, filter}) {
                if (closeable instanceof java.io.Closeable c) {
                    try {
                        c.close();
                    } catch (IOException ignored) {
                        // best effort
                    }
                }
            }
        }
    }

    /** A cache entry event. */
    private static final class Event<K, V> extends CacheEntryEvent<K, V> {
        private static final long serialVersionUID = 1L;
        private final K key;
        private final transient V oldValue;
        private final transient V value;
        private final boolean oldValueAvailable;

        Event(Cache<K, V> source, EventType type, K key, V oldValue, V value, boolean oldValueAvailable) {
            super(source, type);
            this.key = key;
            this.oldValue = oldValue;
            this.value = value;
            this.oldValueAvailable = oldValueAvailable && oldValue != null;
        }

        @Override
        public K getKey() {
            return key;
        }

        @Override
        public V getValue() {
            return value;
        }

        @Override
        public V getOldValue() {
            return oldValue;
        }

        @Override
        public boolean isOldValueAvailable() {
            return oldValueAvailable;
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            if (type.isInstance(this)) {
                return type.cast(this);
            }
            throw new IllegalArgumentException("cannot unwrap an event to " + type.getName());
        }
    }

    // ---- management ----

    void setStatisticsEnabled(boolean enabled) {
        configuration.setStatisticsEnabled(enabled);
        registerMXBeans();
    }

    void setManagementEnabled(boolean enabled) {
        configuration.setManagementEnabled(enabled);
        registerMXBeans();
    }

    void registerMXBeans() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        register(server, objectName("CacheConfiguration"), configuration.isManagementEnabled(), new ConfigurationBean());
        register(server, objectName("CacheStatistics"), configuration.isStatisticsEnabled(), statistics);
    }

    private void unregisterMXBeans() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        register(server, objectName("CacheConfiguration"), false, null);
        register(server, objectName("CacheStatistics"), false, null);
    }

    private static void register(MBeanServer server, ObjectName name, boolean wanted, Object bean) {
        try {
            boolean present = server.isRegistered(name);
            if (wanted && !present) {
                server.registerMBean(bean, name);
            } else if (!wanted && present) {
                server.unregisterMBean(name);
            }
        } catch (javax.management.JMException e) {
            throw new CacheException("cannot (un)register " + name + ": " + e, e);
        }
    }

    private ObjectName objectName(String type) {
        try {
            return new ObjectName("javax.cache:type=" + type + ",CacheManager=" + mbeanSafe(manager.getURI().toString())
                    + ",Cache=" + mbeanSafe(name));
        } catch (javax.management.MalformedObjectNameException e) {
            throw new CacheException(e);
        }
    }

    private static String mbeanSafe(String text) {
        return text == null ? "" : text.replaceAll("[,:=\\n*?\"]", ".");
    }

    /** The configuration MXBean. */
    public final class ConfigurationBean implements CacheMXBean {
        @Override
        public String getKeyType() {
            return configuration.getKeyType().getName();
        }

        @Override
        public String getValueType() {
            return configuration.getValueType().getName();
        }

        @Override
        public boolean isReadThrough() {
            return configuration.isReadThrough();
        }

        @Override
        public boolean isWriteThrough() {
            return configuration.isWriteThrough();
        }

        @Override
        public boolean isStoreByValue() {
            return configuration.isStoreByValue();
        }

        @Override
        public boolean isStatisticsEnabled() {
            return configuration.isStatisticsEnabled();
        }

        @Override
        public boolean isManagementEnabled() {
            return configuration.isManagementEnabled();
        }
    }

    /** The configuration, as the TCK's unwrap tests expect it. */
    CompleteConfiguration<K, V> configuration() {
        return configuration;
    }
}
