package io.cachet.jcache;

import io.cachet.spi.CacheBackend;

import java.security.SecureRandom;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The keys of a store-by-reference cache on a local store, held as the objects themselves, so that
 * they need not be serializable and match by {@code equals}/{@code hashCode} as the spec asks.
 * Each key gets an id that names its entry in the store: a random salt per registry plus a
 * counter, so an id is never reused, even by another copy of this class over the same store.
 * There is one registry per store and cache name, shared by every cache object for that name, so
 * closing and reopening a cache keeps its entries reachable. Ids whose entries the store has
 * dropped (expired, evicted, cleared) are pruned as the registry grows. A write and the check that
 * its id is still registered happen under a shared lock, the pruning (store listing included) under
 * the exclusive one: a write is therefore either seen by the pruning or told its id is gone, and
 * then moves to a fresh id. No write is lost and no entry is left unreachable.
 */
final class ReferenceKeys {
    private static final int FIRST_PRUNE = 1024;
    private static final SecureRandom SALTS = new SecureRandom();
    /** Weak on the store: a registry holds no reference back to it. */
    private static final Map<CacheBackend, Map<String, ReferenceKeys>> REGISTRIES =
            Collections.synchronizedMap(new WeakHashMap<>());

    private final String salt = Long.toString(SALTS.nextLong() & Long.MAX_VALUE, Character.MAX_RADIX) + ".";
    private final AtomicLong next = new AtomicLong();
    private final Map<Object, String> ids = new ConcurrentHashMap<>();
    private final Map<String, Object> keys = new ConcurrentHashMap<>();
    private final AtomicLong pruneAt = new AtomicLong(FIRST_PRUNE);
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    ReferenceKeys() {
    }

    /** The registry of the cache whose entries live under {@code prefix} in {@code store}. */
    static ReferenceKeys of(CacheBackend store, String prefix) {
        synchronized (REGISTRIES) {
            return REGISTRIES.computeIfAbsent(store, s -> new HashMap<>())
                    .computeIfAbsent(prefix, p -> new ReferenceKeys());
        }
    }

    /**
     * The id of {@code key}, registering it if new.
     *
     * @param storedIds the ids that have an entry in the store now, read only when pruning
     */
    String idOf(Object key, Supplier<Set<String>> storedIds) {
        String id = ids.get(key);
        if (id != null) {
            return id;
        }
        id = ids.computeIfAbsent(key, k -> {
            String fresh = salt + Long.toString(next.incrementAndGet(), Character.MAX_RADIX);
            keys.put(fresh, k);
            return fresh;
        });
        long threshold = pruneAt.get();
        if (ids.size() > threshold && pruneAt.compareAndSet(threshold, Long.MAX_VALUE)) {
            try {
                prune(id, storedIds);
            } finally {
                pruneAt.set(Math.max(FIRST_PRUNE, 2L * ids.size()));
            }
        }
        return id;
    }

    /** The key of an id; {@code null} if it was pruned (its entry, if any, is unreachable). */
    Object keyOf(String id) {
        return keys.get(id);
    }

    /**
     * Runs {@code write} (the store write of {@code key}'s entry under {@code id}); {@code true} if
     * {@code id} still names the key afterwards, {@code false} if it was pruned: the caller then
     * writes again under the key's new id and removes the entry it just wrote.
     */
    boolean write(Object key, String id, Runnable write) {
        lock.readLock().lock();
        try {
            write.run();
            return id.equals(ids.get(key));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Drops the ids without an entry in the store, except {@code keep}. */
    private void prune(String keep, Supplier<Set<String>> storedIds) {
        lock.writeLock().lock();
        try {
            Set<String> stored = storedIds.get();
            for (Map.Entry<String, Object> entry : keys.entrySet()) {
                String id = entry.getKey();
                if (!id.equals(keep) && !stored.contains(id)) {
                    keys.remove(id);
                    ids.remove(entry.getValue(), id);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
