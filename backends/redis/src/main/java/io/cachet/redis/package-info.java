/**
 * The Redis store, on Redisson: standalone, a Cluster or Sentinel ({@code cachet.backend=redis}): its backend, its settings and the
 * factory that builds it from {@code cachet.redis.*} properties.
 *
 * <h2>Null</h2>
 * As {@link io.cachet.spi.CacheBackend} says; a settings getter returns {@code null} only where its
 * documentation says what that means (not configured); nothing else here takes or returns
 * {@code null}.
 */
package io.cachet.redis;
