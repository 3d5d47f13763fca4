package io.cachet.jcache;

import javax.cache.Cache;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A cache's loader and writer, as its configuration asks for them: read-through and write-through
 * only when enabled, and every failure of theirs reported as JSR-107 says, a
 * {@link CacheLoaderException} or a {@link CacheWriterException}.
 */
final class Through<K, V> {
    private final CompleteConfiguration<K, V> configuration;
    private final CacheLoader<K, V> loader;
    private final CacheWriter<? super K, ? super V> writer;

    Through(CompleteConfiguration<K, V> configuration) {
        this.configuration = configuration;
        this.loader = configuration.getCacheLoaderFactory() == null ? null : configuration.getCacheLoaderFactory().create();
        this.writer = configuration.getCacheWriterFactory() == null ? null : configuration.getCacheWriterFactory().create();
    }

    /** Whether there is a loader ({@code loadAll} uses it, read-through or not). */
    boolean hasLoader() {
        return loader != null;
    }

    boolean writesThrough() {
        return writer != null && configuration.isWriteThrough();
    }

    /** The loaded value when the cache reads through, else {@code null}. */
    V readThrough(K key) {
        return configuration.isReadThrough() ? load(key) : null;
    }

    /** The loader's value ({@code null} without a loader). */
    V load(K key) {
        if (loader == null) {
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

    void write(K key, V value) {
        if (writesThrough()) {
            try {
                writer.write(new CachetEntry<>(key, value));
            } catch (CacheWriterException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new CacheWriterException(e);
            }
        }
    }

    void delete(K key) {
        if (writesThrough()) {
            try {
                writer.delete(key);
            } catch (CacheWriterException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new CacheWriterException(e);
            }
        }
    }

    /**
     * Writes the entries through; the keys the writer did not write are left in {@code unwritten},
     * which stays empty without write-through (nothing to write). A failure is returned, to be
     * thrown once the written entries are cached.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    CacheWriterException writeAll(Map<? extends K, ? extends V> entries, Collection<K> unwritten) {
        if (!writesThrough()) {
            return null;
        }
        List<Cache.Entry<? extends K, ? extends V>> pending = new ArrayList<>();
        entries.forEach((k, v) -> pending.add(new CachetEntry<>(k, v)));
        CacheWriterException failure = null;
        try {
            ((CacheWriter) writer).writeAll((Collection) pending);
        } catch (RuntimeException e) {
            failure = e instanceof CacheWriterException w ? w : new CacheWriterException(e);
        }
        unwritten.clear();
        for (Cache.Entry<? extends K, ? extends V> entry : pending) {
            unwritten.add(entry.getKey());
        }
        return failure;
    }

    /**
     * Deletes the keys through; those the writer did not delete are left in {@code undeleted}. A
     * failure is returned, to be thrown once the deleted keys are removed from the cache.
     */
    CacheWriterException deleteAll(Collection<Object> undeleted) {
        if (!writesThrough() || undeleted.isEmpty()) {
            undeleted.clear();
            return null;
        }
        try {
            writer.deleteAll(undeleted);
            return null;
        } catch (RuntimeException e) {
            return e instanceof CacheWriterException w ? w : new CacheWriterException(e);
        }
    }

    /** Closes the loader and the writer that are {@code Closeable}, best effort. */
    void close() {
        for (Object closeable : new Object[] {loader, writer}) {
            if (closeable instanceof Closeable c) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing is best effort
                }
            }
        }
    }
}
