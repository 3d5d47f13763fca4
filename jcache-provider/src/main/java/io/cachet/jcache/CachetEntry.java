package io.cachet.jcache;

import javax.cache.Cache;

/** An entry handed out by iteration and to listeners. */
public final class CachetEntry<K, V> implements Cache.Entry<K, V> {
    private final K key;
    private final V value;

    CachetEntry(K key, V value) {
        this.key = key;
        this.value = value;
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
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("cannot unwrap an entry to " + type.getName());
    }
}
