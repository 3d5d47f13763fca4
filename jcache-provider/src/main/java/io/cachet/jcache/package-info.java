/**
 * The JSR-107 {@code CachingProvider} over Cachet's stores. Its API is
 * {@link io.cachet.jcache.CachetCachingProvider} (found by {@code Caching}) and the manager
 * properties of {@link io.cachet.jcache.CachetCacheManager}; the rest of this package, and
 * {@code event}, {@code management} and {@code processor}, are its implementation and are not
 * exported.
 *
 * <h2>Null</h2>
 * As JSR-107 says: a {@code null} value is an absent entry, and a {@code null} key or value
 * argument is a {@link java.lang.NullPointerException}.
 */
package io.cachet.jcache;
