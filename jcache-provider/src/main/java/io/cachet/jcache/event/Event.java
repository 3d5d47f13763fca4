package io.cachet.jcache.event;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;

/** A cache entry event. */
final class Event<K, V> extends CacheEntryEvent<K, V> {
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
