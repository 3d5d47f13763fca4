package io.cachet.jcache;

import javax.cache.Cache;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A cache's iterator over its store keys: each key is read when {@code hasNext()} reaches it, and
 * skipped when the reader finds no live, readable entry there ({@code null}); {@code remove()}
 * removes the last entry returned through the cache.
 */
final class EntryIterator<K, V> implements Iterator<Cache.Entry<K, V>> {
    private final Iterator<String> storedKeys;
    private final Function<String, Cache.Entry<K, V>> reader;
    private final Consumer<K> remover;
    private Cache.Entry<K, V> next;
    private Cache.Entry<K, V> last;

    EntryIterator(Iterator<String> storedKeys, Function<String, Cache.Entry<K, V>> reader, Consumer<K> remover) {
        this.storedKeys = storedKeys;
        this.reader = reader;
        this.remover = remover;
    }

    @Override
    public boolean hasNext() {
        while (next == null && storedKeys.hasNext()) {
            next = reader.apply(storedKeys.next());
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
        remover.accept(last.getKey());
        last = null;
    }
}
