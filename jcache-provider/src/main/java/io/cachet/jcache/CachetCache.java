package io.cachet.jcache;

import io.cachet.spi.Envelope;
import io.cachet.jcache.StoreCodec.Slot;
import io.cachet.jcache.event.EventDispatcher;
import io.cachet.jcache.management.CacheManagement;
import io.cachet.jcache.processor.EntryProcessorEntry;
import io.cachet.spi.GuardedStore;
import io.cachet.spi.CacheBackend;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.EventType;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    /** Store keys, slots, expiry instants and store failures. */
    private final StoreCodec<K, V> codec;
    /** The loader and the writer. */
    private final Through<K, V> through;
    private final EventDispatcher<K, V> listeners = new EventDispatcher<>(this);
    private final CacheManagement management;
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
        this.codec = new StoreCodec<>(name, backend, failOpen, clock, prefix, values, referenceKeys);
        Factory<ExpiryPolicy> expiryFactory = configuration.getExpiryPolicyFactory();
        this.expiry = expiryFactory == null ? new javax.cache.expiry.EternalExpiryPolicy() : expiryFactory.create();
        this.through = new Through<>(configuration);
        for (CacheEntryListenerConfiguration<K, V> listener : configuration.getCacheEntryListenerConfigurations()) {
            listeners.register(listener);
        }
        this.management = new CacheManagement(configuration, String.valueOf(manager.getURI()), name, backend.name());
    }

    private Duration safely(java.util.function.Supplier<Duration> duration) {
        try {
            return duration.get();
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ---- writes with events ----

    /**
     * Stores a value in place of what {@code slot} read (create or update), honouring the expiry
     * policy: {@code true} if it stored (or, for a zero update expiry, removed) the entry,
     * {@code false} if nothing was stored (zero creation expiry), {@link StoreCodec#RETRY} if the entry changed.
     */
    private Object store(K key, Slot<V> slot, V value) {
        if (!slot.live) {
            long at = codec.expiresAt(safely(expiry::getExpiryForCreation));
            if (at == -1) {
                return false;
            }
            if (!codec.commit(key, slot, value, at)) {
                return StoreCodec.RETRY;
            }
            dispatch(EventType.CREATED, key, null, value);
            return true;
        }
        decodeForListeners(slot, EventType.UPDATED, EventType.EXPIRED);
        Duration update = safely(expiry::getExpiryForUpdate);
        long at = update == null ? slot.expiresAt : codec.expiresAt(update);
        if (at == -1) {
            if (!codec.commitRemove(slot)) {
                return StoreCodec.RETRY;
            }
            dispatch(EventType.EXPIRED, key, slot, null);
            return true;
        }
        if (!codec.commit(key, slot, value, at)) {
            return StoreCodec.RETRY;
        }
        dispatch(EventType.UPDATED, key, slot, value);
        return true;
    }

    /**
     * Applies the access expiry after a read, to the very entry read: if it changed or was removed
     * meanwhile, the newer state wins (a read never brings a removed entry back).
     */
    private void accessed(K key, Slot<V> slot) {
        Duration access = safely(expiry::getExpiryForAccess);
        if (access == null) {
            return;
        }
        long at = codec.expiresAt(access);
        if (at == -1) {
            codec.commitRemove(slot);
            return;
        }
        codec.commitExpiry(key, slot, at);
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
        V found = codec.atomically(key, (k, slot) -> {
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
        V loaded = through.readThrough(key);
        if (loaded != null) {
            // a value another caller stored meanwhile wins: the loaded one is returned, not forced in
            codec.atomically(key, (k, slot) -> slot.live ? Boolean.FALSE : store(k, slot, loaded));
        }
        return loaded;
    }

    private void record(boolean hit, long start) {
        management.recordGet(hit, start);
    }

    private void recordPut(long start) {
        management.recordPut(start);
    }

    /** Decodes an old value the listeners will be given before the store changes: a value that
     *  cannot be read then fails the attempt instead of leaving it half done. */
    private void decodeForListeners(Slot<V> current, EventType... types) {
        for (EventType type : types) {
            if (listeners.wantsOldValue(type)) {
                current.value();
                return;
            }
        }
    }

    /** Removes the live entry {@code slot} read: the store, the REMOVED event, the statistics; {@link StoreCodec#RETRY} if it changed. */
    private Object removeStored(K key, Slot<V> slot, long start) {
        decodeForListeners(slot, EventType.REMOVED);
        if (!codec.commitRemove(slot)) {
            return StoreCodec.RETRY;
        }
        dispatch(EventType.REMOVED, key, slot, null);
        recordRemove(start);
        return true;
    }

    private void recordRemove(long start) {
        management.recordRemove(start);
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
        return codec.atomically(key, (k, slot) -> slot.live && slot.value() != null); // unreadable: absent, and removed
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
        if (!through.hasLoader()) {
            listener.onCompletion();
            return;
        }
        java.util.concurrent.ForkJoinPool.commonPool().execute(() -> {
            try {
                for (K key : keys) {
                    if (!replaceExistingValues && codec.read(codec.keyOf(key)).live) {
                        continue;
                    }
                    V value = through.load(key);
                    if (value != null) {
                        codec.atomically(key, (k, slot) -> slot.live && !replaceExistingValues ? Boolean.FALSE
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
        through.write(key, value);
        long blind = blindExpiresAt();
        if (blind != NEEDS_READ && (referenceKeys == null || key instanceof String)) {
            codec.save(codec.keyOf(key), value, blind); // one store write: nothing depends on what was there
            recordPut(start);
            return;
        }
        if (Boolean.TRUE.equals(codec.atomically(key, (k, slot) -> store(k, slot, value)))) {
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
            return duration == null || duration.isZero() ? NEEDS_READ : codec.expiresAt(duration);
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
        through.write(key, value);
        Object[] outcome = codec.atomically(key, (k, slot) -> {
            V old = slot.live ? slot.value() : null; // read before the write, as a read fails
            Object stored = store(k, slot, value);
            return stored == StoreCodec.RETRY ? StoreCodec.RETRY : new Object[] {old, stored};
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
        Map<K, V> toStore = new LinkedHashMap<>(map);
        List<K> unwritten = new ArrayList<>();
        CacheWriterException failure = through.writeAll(map, unwritten);
        unwritten.forEach(toStore::remove); // what the writer did not write must not be cached
        for (Map.Entry<K, V> entry : toStore.entrySet()) {
            long start = System.nanoTime();
            V value = entry.getValue();
            if (Boolean.TRUE.equals(codec.atomically(entry.getKey(), (k, slot) -> store(k, slot, value)))) {
                recordPut(start);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public boolean putIfAbsent(K key, V value) {
        ensureOpen();
        requireNonNull(key, "key");
        requireNonNull(value, "value");
        checkTypes(key, value);
        long start = System.nanoTime();
        boolean[] written = new boolean[1];
        Object outcome = codec.atomically(key, (k, slot) -> {
            if (slot.live) {
                slot.value(); // an entry that cannot be read is absent (and removed)
                return Boolean.FALSE;
            }
            if (!written[0]) {
                through.write(k, value);
                written[0] = true;
            }
            Object stored = store(k, slot, value);
            return stored == StoreCodec.RETRY ? StoreCodec.RETRY : new Object[] {stored};
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
        through.delete(key);
        return codec.atomically(key, (k, slot) -> {
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
        Object outcome = ifHolds(key, oldValue, () -> through.delete(key), (k, slot) -> removeStored(k, slot, start));
        record(outcome != null, start);
        return Boolean.TRUE.equals(outcome);
    }

    /**
     * The compare step of {@code remove(k, v)} and {@code replace(k, v, w)}: {@code null} if the
     * key is absent, {@code false} (after the access expiry) if it holds another value, else what
     * {@code change} lands; the write-through runs once, whatever the attempts.
     */
    private Object ifHolds(K key, V expected, Runnable writeThrough, StoreCodec.Attempt<K, V, Object> change) {
        boolean[] written = new boolean[1];
        return codec.atomically(key, (k, slot) -> {
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
        through.delete(key);
        V old = codec.atomically(key, (k, slot) -> {
            if (!slot.live) {
                return null;
            }
            V value = slot.value(); // read before the removal, as a read fails
            return removeStored(k, slot, start) == StoreCodec.RETRY ? StoreCodec.RETRY : value;
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
        Object outcome = ifHolds(key, oldValue, () -> through.write(key, newValue),
                (k, slot) -> store(k, slot, newValue) == StoreCodec.RETRY ? StoreCodec.RETRY : Boolean.TRUE);
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
        Object old = codec.atomically(key, (k, slot) -> {
            if (!slot.live) {
                return null;
            }
            Object previous = slot.value() != null && returnOld ? slot.value() : Boolean.TRUE; // unreadable: absent
            if (!written[0]) {
                through.write(k, value);
                written[0] = true;
            }
            return store(k, slot, value) == StoreCodec.RETRY ? StoreCodec.RETRY : previous;
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
        Set<K> toRemove = new java.util.LinkedHashSet<>(keys);
        java.util.Collection<Object> undeleted = new ArrayList<>(keys);
        CacheWriterException failure = through.deleteAll(undeleted);
        toRemove.removeAll(undeleted); // what the writer did not delete stays cached
        for (K key : toRemove) {
            long start = System.nanoTime();
            codec.atomically(key, (k, slot) -> slot.live ? removeStored(k, slot, start) : Boolean.FALSE);
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
            if (!listeners.isEmpty() || through.writesThrough()) {
                throw new UnsupportedOperationException("removeAll() with listeners or write-through needs a store"
                        + " that lists keys; " + backend.name() + " cannot");
            }
            codec.join(backend.clear(prefix), CacheBackend.UNKNOWN_COUNT);
            return;
        }
        Set<K> keys = new java.util.LinkedHashSet<>();
        for (String stored : codec.storedKeys(prefix)) {
            K key;
            try {
                key = codec.keyFrom(stored);
            } catch (ValueCodec.Unreadable e) {
                codec.discard(stored, null, "its key cannot be read: " + e.getMessage(), e.getCause());
                continue;
            }
            if (key != null) {
                keys.add(key);
            } else {
                codec.join(backend.delete(stored), false); // an entry whose key was pruned: unreachable anyway
            }
        }
        removeAll(keys);
    }

    /** Removes every entry of this cache at once (a namespace clear): no events, no write-through, as JSR-107 says. */
    @Override
    public void clear() {
        ensureOpen();
        codec.join(backend.clear(prefix), CacheBackend.UNKNOWN_COUNT);
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
        Object[] outcome = codec.atomically(key, (k, slot) -> {
            EntryProcessorEntry<K, V> entry = new EntryProcessorEntry<>(k, slot.live ? slot.value() : null, through::readThrough);
            T result;
            try {
                result = processor.process(entry, arguments);
            } catch (EntryProcessorException e) {
                throw e;
            } catch (Exception e) {
                throw new EntryProcessorException(e);
            }
            Object landed = switch (entry.action()) {
                case NONE -> {
                    if (slot.live) {
                        accessed(k, slot);
                    }
                    yield Boolean.FALSE;
                }
                case LOAD -> slot.live ? Boolean.FALSE : store(k, slot, entry.value());
                case SET -> {
                    checkTypes(k, entry.value());
                    through.write(k, entry.value());
                    yield store(k, slot, entry.value());
                }
                case REMOVE -> {
                    through.delete(k);
                    yield slot.live ? removeStored(k, slot, start) : Boolean.FALSE;
                }
            };
            return landed == StoreCodec.RETRY ? StoreCodec.RETRY : new Object[] {result, slot.live, entry.action(), landed};
        });
        // The lookup itself is the hit or the miss, whatever the processor does with the entry.
        record((Boolean) outcome[1], start);
        if (outcome[2] == EntryProcessorEntry.Action.SET && Boolean.TRUE.equals(outcome[3])) {
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
        management.close();
        manager.forget(name, this);
        through.close();
        if (expiry instanceof java.io.Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
        listeners.close();
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
        listeners.register(listenerConfiguration);
        configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
    }

    @Override
    public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
        requireNonNull(listenerConfiguration, "listenerConfiguration");
        if (listeners.deregister(listenerConfiguration)) {
            configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
        }
    }

    /** Iterates live entries; each {@code next()} is a read: a hit, with the access expiry applied. */
    @Override
    public Iterator<Cache.Entry<K, V>> iterator() {
        ensureOpen();
        return new EntryIterator<>(codec.storedKeys(prefix).iterator(), this::liveEntry, this::remove);
    }

    /** The live entry at a store key, read as a hit; {@code null} if there is none (an unreadable one is removed). */
    private Cache.Entry<K, V> liveEntry(String stored) {
        long start = System.nanoTime();
        Slot<V> slot = codec.read(stored);
        if (!slot.live) {
            return null;
        }
        try {
            K key = codec.keyFrom(stored);
            if (key == null) {
                return null;
            }
            V value = slot.value();
            accessed(key, slot);
            record(true, start);
            return new CachetEntry<>(key, value);
        } catch (ValueCodec.Unreadable e) {
            codec.discard(stored, slot.entry, e.getMessage(), e.getCause());
            return null;
        }
    }

    // ---- listeners ----

    /** Tells the listeners; the old entry is decoded only if one asked for old values. A null value: the old one. */
    private void dispatch(EventType type, K key, Slot<V> old, V value) {
        if (listeners.isEmpty()) {
            return;
        }
        V oldValue = old == null || !listeners.wantsOldValue(type) ? null : old.value();
        listeners.dispatch(type, key, oldValue, value != null ? value : oldValue);
    }

    // ---- management ----

    void setStatisticsEnabled(boolean enabled) {
        configuration.setStatisticsEnabled(enabled);
        management.update();
    }

    void setManagementEnabled(boolean enabled) {
        configuration.setManagementEnabled(enabled);
        management.update();
    }

    void registerMXBeans() {
        management.update();
    }

    /** The configuration, as the TCK's unwrap tests expect it. */
    CompleteConfiguration<K, V> configuration() {
        return configuration;
    }
}
