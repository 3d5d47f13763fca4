package io.cachet.jcache.processor;

import javax.cache.processor.MutableEntry;
import java.util.function.Function;

/**
 * The entry an {@code EntryProcessor} works on: what it read, and the one {@link Action} the cache
 * lands when it returns (the last call wins). Reading an absent entry loads it when the cache reads
 * through.
 */
public final class EntryProcessorEntry<K, V> implements MutableEntry<K, V> {
    /** What the processor did to the entry. */
    public enum Action { NONE, LOAD, SET, REMOVE }

    private final K key;
    private final boolean existed;
    /** The read-through loader, or {@code null}. */
    private final Function<K, V> loader;
    private V value;
    private Action action = Action.NONE;

    /** {@code value}: the live value, or {@code null} for an absent entry. */
    public EntryProcessorEntry(K key, V value, Function<K, V> loader) {
        this.key = key;
        this.value = value;
        this.existed = value != null;
        this.loader = loader;
    }

    public Action action() {
        return action;
    }

    /** The value set or loaded (after {@link Action#SET} or {@link Action#LOAD}). */
    public V value() {
        return value;
    }

    @Override
    public boolean exists() {
        return value != null;
    }

    @Override
    public void remove() {
        // An entry this processor created and now removes never existed: nothing to write.
        // Otherwise the removal is written through, even for an absent entry (the writer decides).
        action = action == Action.SET && !existed ? Action.NONE : Action.REMOVE;
        value = null;
    }

    @Override
    public void setValue(V newValue) {
        if (newValue == null) {
            throw new NullPointerException("value must not be null");
        }
        action = Action.SET;
        value = newValue;
    }

    @Override
    public K getKey() {
        return key;
    }

    @Override
    public V getValue() {
        if (value == null && action == Action.NONE && !existed && loader != null) {
            V loaded = loader.apply(key);
            if (loaded != null) {
                value = loaded;
                action = Action.LOAD;
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
