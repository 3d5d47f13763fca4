/**
 * JSR-107's annotations ({@code @CacheResult}, {@code @CachePut}, {@code @CacheRemove},
 * {@code @CacheRemoveAll}) as CDI interceptors over this provider. Not exported: the annotations
 * are the API.
 *
 * <h2>Null</h2>
 * A method's {@code null} result is cached as JSR-107 allows (not at all); nothing else here is
 * {@code null}.
 */
package io.cachet.jcache.annotation;
