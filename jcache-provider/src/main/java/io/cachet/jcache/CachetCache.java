package io.cachet.jcache;

import io.cachet.internal.Envelope;
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
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * A JCache {@link Cache} over a Cachet backend, in the namespace {@code cachet:jcache.<name>:},
 * with expiry in Cachet's envelope. How values are held (serialized, or kept as objects on a local
 * store) is {@link ValueCodec}'s business.
 */
public final class CachetCache<K, V> implements Cache<K, V> {
    private static final long WAIT_SECONDS = 30;

    private final CachetCacheManager manager;
    private final String name;
    private final MutableConfiguration<K, V> configuration;
    private final CacheBackend backend;
    private final String prefix;
    private final ExpiryPolicy expiry;
    private final ValueCodec values;
    /** Keys held as objects: only for store-by-reference on a local store. */
    private final ReferenceKeys referenceKeys;
    private final CacheLoader<K, V> loader;
    private final CacheWriter<? super K, ? super V> writer;
    private final List<Registration<K, V>> listeners = new CopyOnWriteArrayList<>();
    private final Statistics statistics = new Statistics();
    private final ExecutorService asyncEvents = ForkJoinPool.commonPool();
    private volatile boolean closed;

    CachetCache(CachetCacheManager manager, String name, MutableConfiguration<K, V> configuration, CacheBackend backend) {
        this.manager = manager;
        this.name = name;
        this.configuration = configuration;
        this.backend = backend;
        this.prefix = "cachet:jcache." + URLEncoder.encode(name, StandardCharsets.UTF_8).replace(":", "%3A") + ":";
        boolean local = backend.capabilities().contains(io.cachet.spi.Capability.LOCAL);
        this.values = new ValueCodec(manager.getClassLoader(), configuration.isStoreByValue(), local);
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

    @SuppressWarnings("unchecked")
    private K keyFrom(String stored) {
        String id = stored.substring(prefix.length());
        if (id.startsWith("s")) {
            return (K) id.substring(1);
        }
        if (id.startsWith("r")) {
            return referenceKeys == null ? null : (K) referenceKeys.keyOf(id.substring(1));
        }
        byte[] bytes = Base64.getUrlDecoder().decode(id.substring(1));
        return (K) values.deserialize(bytes, 0, bytes.length);
    }

    /**
     * A live stored entry: the backend entry (its bytes, version and any kept object), its expiry,
     * and its value, decoded on first use so that a write need not read the old value back.
     */
    private final class Stored {
        final BackendEntry entry;
        final long expiresAt;
        private V value;

        Stored(BackendEntry entry, long expiresAt) {
            this.entry = entry;
            this.expiresAt = expiresAt;
        }

        @SuppressWarnings("unchecked")
        V value() {
            if (value == null) {
                value = (V) values.decode(entry);
            }
            return value;
        }
    }

    private Stored read(String key) {
        BackendEntry entry = join(backend.get(key));
        if (entry == null || !Envelope.isValid(entry.value())) {
            return null;
        }
        long expiresAt = Envelope.expiresAt(entry.value());
        if (expiresAt != Envelope.NEVER && expiresAt <= System.currentTimeMillis()) {
            return null;
        }
        if (ValueCodec.isKept(entry) && entry.local() == null) {
            return null; // a kept object the store no longer has: absent, never a wrong value
        }
        return new Stored(entry, expiresAt);
    }

    private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CacheException("interrupted", e);
        } catch (Exception e) {
            throw new CacheException("the store failed: " + e, e);
        }
    }

    /** Absolute expiry for a duration; -1: already expired; {@link Envelope#NEVER}: none. */
    private static long expiresAt(Duration duration) {
        if (duration == null || duration.isEternal()) {
            return Envelope.NEVER;
        }
        if (duration.isZero()) {
            return -1;
        }
        return System.currentTimeMillis() + duration.getTimeUnit().toMillis(duration.getDurationAmount());
    }

    private static java.time.Duration ttl(long expiresAt) {
        return expiresAt == Envelope.NEVER ? null : java.time.Duration.ofMillis(Math.max(1, expiresAt - System.currentTimeMillis()));
    }

    /** Writes a value: its serialized bytes, or the kept object beside the mark of why it is kept. */
    private void save(K key, String stored, V value, long expiresAt) {
        if (values.keepsObject(value)) {
            putEnvelope(key, stored, Envelope.wrap(values.keptMark(), expiresAt), value, expiresAt);
        } else {
            putEnvelope(key, stored, ValueCodec.envelope(value, expiresAt), null, expiresAt);
        }
    }

    /** Writes an entry back unchanged but for its expiry (no decoding, no serializing). */
    private void saveExpiry(K key, String stored, Stored current, long expiresAt) {
        putEnvelope(key, stored, Envelope.withExpiry(current.entry.value(), expiresAt),
                ValueCodec.isKept(current.entry) ? current.entry.local() : null, expiresAt);
    }

    /**
     * Puts an envelope (with its kept object, if any) in the store. A store-by-reference key whose
     * id was pruned during the write is written again under its new id, and the stray entry removed.
     */
    private void putEnvelope(K key, String stored, byte[] envelope, Object kept, long expiresAt) {
        if (referenceKeys == null || key instanceof String) {
            putAt(stored, envelope, kept, expiresAt);
            return;
        }
        String target = stored;
        while (true) {
            String at = target;
            if (referenceKeys.write(key, at.substring(prefix.length() + 1), () -> putAt(at, envelope, kept, expiresAt))) {
                return;
            }
            join(backend.delete(at));
            target = keyOf(key);
        }
    }

    private void putAt(String stored, byte[] envelope, Object kept, long expiresAt) {
        join(kept != null
                ? backend.put(stored, envelope, kept, ttl(expiresAt))
                : backend.put(stored, envelope, ttl(expiresAt)));
    }

    /** The reference-key ids that have an entry in the store (for pruning). */
    private Set<String> storedReferenceIds() {
        Set<String> ids = new java.util.HashSet<>();
        for (String stored : storedKeys(prefix + "r")) {
            ids.add(stored.substring(prefix.length() + 1));
        }
        return ids;
    }

    private Duration safely(java.util.function.Supplier<Duration> duration) {
        try {
            return duration.get();
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ---- writes with events ----

    /** Stores a value (create or update), honouring the expiry policy; true if stored. */
    private boolean store(K key, String stored, Stored current, V value) {
        if (current == null) {
            long at = expiresAt(safely(expiry::getExpiryForCreation));
            if (at == -1) {
                return false;
            }
            save(key, stored, value, at);
            dispatch(EventType.CREATED, key, null, value);
        } else {
            decodeForListeners(current, EventType.UPDATED, EventType.EXPIRED);
            Duration update = safely(expiry::getExpiryForUpdate);
            long at = update == null ? current.expiresAt : expiresAt(update);
            if (at == -1) {
                join(backend.delete(stored));
                dispatch(EventType.EXPIRED, key, current, null);
                return true;
            }
            save(key, stored, value, at);
            dispatch(EventType.UPDATED, key, current, value);
        }
        return true;
    }

    /** Applies the access expiry after a read. */
    private void accessed(K key, String stored, Stored current) {
        Duration access = safely(expiry::getExpiryForAccess);
        if (access == null) {
            return;
        }
        long at = expiresAt(access);
        if (at == -1) {
            join(backend.delete(stored));
            return;
        }
        saveExpiry(key, stored, current, at);
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
        String stored = keyOf(key);
        Stored current = read(stored);
        if (current != null) {
            accessed(key, stored, current);
            record(true, start);
            return current.value();
        }
        record(false, start);
        V loaded = load(key);
        if (loaded != null) {
            store(key, stored, null, loaded);
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
     *  cannot be read then fails the operation instead of leaving it half done. */
    private void decodeForListeners(Stored current, EventType... types) {
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

    /** Removes a live entry: the store, the REMOVED event, the statistics. */
    private void removeStored(K key, String stored, Stored current, long start) {
        decodeForListeners(current, EventType.REMOVED);
        join(backend.delete(stored));
        dispatch(EventType.REMOVED, key, current, null);
        recordRemove(start);
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
        return read(keyOf(key)) != null;
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
                    String stored = keyOf(key);
                    Stored current = read(stored);
                    if (current != null && !replaceExistingValues) {
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
                        store(key, stored, current, value);
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
        String stored = keyOf(key);
        long blind = blindExpiresAt();
        if (blind != NEEDS_READ) {
            save(key, stored, value, blind); // one store write: nothing depends on what was there
            recordPut(start);
            return;
        }
        if (store(key, stored, read(stored), value)) {
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
        String stored = keyOf(key);
        Stored current = read(stored);
        V old = current == null ? null : current.value(); // read before the write, as a read fails
        record(current != null, start);
        if (store(key, stored, current, value)) {
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
            String stored = keyOf(entry.getKey());
            if (store(entry.getKey(), stored, read(stored), entry.getValue())) {
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
        String stored = keyOf(key);
        Stored current = read(stored);
        if (current != null) {
            record(true, start);
            return false;
        }
        record(false, start);
        write(key, value);
        if (store(key, stored, null, value)) {
            recordPut(start);
        }
        return true;
    }

    @Override
    public boolean remove(K key) {
        ensureOpen();
        requireNonNull(key, "key");
        long start = System.nanoTime();
        writeDelete(key);
        String stored = keyOf(key);
        Stored current = read(stored);
        if (current == null) {
            return false;
        }
        removeStored(key, stored, current, start);
        return true;
    }

    @Override
    public boolean remove(K key, V oldValue) {
        ensureOpen();
        requireNonNull(key, "key");
        requireNonNull(oldValue, "oldValue");
        long start = System.nanoTime();
        String stored = keyOf(key);
        Stored current = read(stored);
        if (current == null) {
            record(false, start);
            return false;
        }
        record(true, start);
        if (!current.value().equals(oldValue)) {
            accessed(key, stored, current);
            return false;
        }
        writeDelete(key);
        removeStored(key, stored, current, start);
        return true;
    }

    @Override
    public V getAndRemove(K key) {
        ensureOpen();
        requireNonNull(key, "key");
        long start = System.nanoTime();
        writeDelete(key);
        String stored = keyOf(key);
        Stored current = read(stored);
        record(current != null, start);
        if (current == null) {
            return null;
        }
        V old = current.value(); // read before the removal, as a read fails
        removeStored(key, stored, current, start);
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
        String stored = keyOf(key);
        Stored current = read(stored);
        if (current == null) {
            record(false, start);
            return false;
        }
        record(true, start);
        if (!current.value().equals(oldValue)) {
            accessed(key, stored, current);
            return false;
        }
        write(key, newValue);
        store(key, stored, current, newValue);
        recordPut(start);
        return true;
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
        String stored = keyOf(key);
        Stored current = read(stored);
        record(current != null, start);
        if (current == null) {
            return null;
        }
        Object old = returnOld ? current.value() : Boolean.TRUE;
        write(key, value);
        store(key, stored, current, value);
        recordPut(start);
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
            String stored = keyOf(key);
            Stored current = read(stored);
            if (current != null) {
                removeStored(key, stored, current, start);
            }
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
            join(backend.clear(prefix));
            return;
        }
        Set<K> keys = new java.util.LinkedHashSet<>();
        for (String stored : storedKeys(prefix)) {
            K key = keyFrom(stored);
            if (key != null) {
                keys.add(key);
            } else {
                join(backend.delete(stored)); // an entry whose key was pruned: unreachable anyway
            }
        }
        removeAll(keys);
    }

    /** The backend keys of this cache, without reading their values. */
    private List<String> storedKeys(String under) {
        List<String> keys = new ArrayList<>();
        String cursor = null;
        do {
            KeyPage page = join(backend.scan(under, cursor, 500));
            keys.addAll(page.keys());
            cursor = page.nextCursor();
        } while (cursor != null);
        return keys;
    }

    @Override
    public void clear() {
        ensureOpen();
        join(backend.clear(prefix));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <C extends Configuration<K, V>> C getConfiguration(Class<C> type) {
        if (type.isAssignableFrom(MutableConfiguration.class)) {
            return (C) new MutableConfiguration<>(configuration);
        }
        throw new IllegalArgumentException("configuration is not a " + type.getName());
    }

    @Override
    public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
        ensureOpen();
        requireNonNull(key, "key");
        requireNonNull(processor, "processor");
        long start = System.nanoTime();
        String stored = keyOf(key);
        Stored current = read(stored);
        Mutable<K, V> entry = new Mutable<>(key, current == null ? null : current.value());
        T result;
        try {
            result = processor.process(entry, arguments);
        } catch (EntryProcessorException e) {
            throw e;
        } catch (Exception e) {
            throw new EntryProcessorException(e);
        }
        // The lookup itself is the hit or the miss, whatever the processor does with the entry.
        record(current != null, start);
        switch (entry.operation) {
            case NONE -> {
                if (current != null) {
                    accessed(key, stored, current);
                }
            }
            case LOAD -> {
                if (entry.value != null) {
                    store(key, stored, null, entry.value);
                }
            }
            case SET -> {
                checkTypes(key, entry.value);
                write(key, entry.value);
                if (store(key, stored, current, entry.value)) {
                    recordPut(start);
                }
            }
            case REMOVE -> {
                writeDelete(key);
                if (current != null) {
                    removeStored(key, stored, current, start);
                }
            }
            default -> throw new IllegalStateException();
        }
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
        return Backends.unwrap(type, this, backend);
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
                    Stored current = read(stored);
                    K key = current == null ? null : keyFrom(stored);
                    if (key != null) {
                        accessed(key, stored, current);
                        record(true, start);
                        next = new CachetEntry<>(key, current.value());
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
    private void dispatch(EventType type, K key, Stored old, V value) {
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
