package io.cachet.jcache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The keys of a store-by-reference cache on a local store, held as the objects themselves, so that
 * they need not be serializable and match by {@code equals}/{@code hashCode} as the spec asks.
 * Each key gets an id, never reused in this JVM, that names its entry in the store. Ids whose
 * entries the store has dropped (expired, evicted, cleared) are pruned as the registry grows.
 */
final class ReferenceKeys {
    private static final AtomicLong NEXT = new AtomicLong();
    private static final int FIRST_PRUNE = 1024;

    private final Map<Object, String> ids = new ConcurrentHashMap<>();
    private final Map<String, Object> keys = new ConcurrentHashMap<>();
    private final Predicate<String> stored;
    private final AtomicLong pruneAt = new AtomicLong(FIRST_PRUNE);

    /** @param stored whether the store still holds the entry of an id */
    ReferenceKeys(Predicate<String> stored) {
        this.stored = stored;
    }

    String idOf(Object key) {
        String id = ids.get(key);
        if (id != null) {
            return id;
        }
        id = ids.computeIfAbsent(key, k -> {
            String fresh = Long.toString(NEXT.incrementAndGet(), Character.MAX_RADIX);
            keys.put(fresh, k);
            return fresh;
        });
        long threshold = pruneAt.get();
        if (ids.size() > threshold && pruneAt.compareAndSet(threshold, Long.MAX_VALUE)) {
            prune(id);
        }
        return id;
    }

    /** The key of an id; {@code null} if it was pruned (its entry, if any, is unreachable). */
    Object keyOf(String id) {
        return keys.get(id);
    }

    /** Drops the ids whose entries are gone, except {@code keep}; a racing write is re-registered. */
    private void prune(String keep) {
        for (Map.Entry<String, Object> entry : keys.entrySet()) {
            String id = entry.getKey();
            Object key = entry.getValue();
            if (id.equals(keep) || stored.test(id)) {
                continue;
            }
            keys.remove(id);
            ids.remove(key, id);
            if (stored.test(id) && ids.putIfAbsent(key, id) == null) {
                keys.put(id, key); // written meanwhile: keep it reachable
            }
        }
        pruneAt.set(Math.max(FIRST_PRUNE, 2L * ids.size()));
    }
}
