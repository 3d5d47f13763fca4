/**
 * The Memcached store, on spymemcached, over any number of nodes ({@code cachet.backend=memcached}): its backend, its settings and the
 * factory that builds it from {@code cachet.memcached.*} properties.
 *
 * <h2>Null</h2>
 * As {@link io.cachet.spi.CacheBackend} says; a settings getter returns {@code null} only where its
 * documentation says what that means (not configured); nothing else here takes or returns
 * {@code null}.
 */
package io.cachet.memcached;
