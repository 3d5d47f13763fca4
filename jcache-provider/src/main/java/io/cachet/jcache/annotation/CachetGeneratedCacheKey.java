package io.cachet.jcache.annotation;

import javax.cache.annotation.GeneratedCacheKey;
import java.util.Arrays;

/** The default key of a JSR-107 annotated call: its key parameters' values, compared deeply. */
public final class CachetGeneratedCacheKey implements GeneratedCacheKey {
    private static final long serialVersionUID = 1L;
    private final Object[] parameters;

    public CachetGeneratedCacheKey(Object[] parameters) {
        this.parameters = parameters.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CachetGeneratedCacheKey key && Arrays.deepEquals(parameters, key.parameters);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(parameters);
    }

    @Override
    public String toString() {
        return "CacheKey" + Arrays.deepToString(parameters);
    }
}
