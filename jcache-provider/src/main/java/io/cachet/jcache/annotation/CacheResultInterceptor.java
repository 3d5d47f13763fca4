package io.cachet.jcache.annotation;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import javax.cache.Cache;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.GeneratedCacheKey;

/** {@code @CacheResult}: the cached value if there is one, else the method's, stored. */
@CacheResult
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 110)
public class CacheResultInterceptor {

    @AroundInvoke
    public Object intercept(InvocationContext context) throws Exception {
        CacheResult annotation = context.getMethod().getAnnotation(CacheResult.class);
        Cache<Object, Object> cache = AnnotatedCall.cache(context, annotation.cacheName(), annotation,
                annotation.cacheResolverFactory());
        GeneratedCacheKey key = AnnotatedCall.key(context, annotation, cache.getName(), annotation.cacheKeyGenerator());
        Cache<Object, Object> exceptions = annotation.exceptionCacheName().isEmpty() ? null
                : AnnotatedCall.cache(context, annotation.exceptionCacheName());
        if (!annotation.skipGet()) {
            Object cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
            if (exceptions != null && exceptions.get(key) instanceof Throwable thrown) {
                throw thrown instanceof Exception e ? e : new RuntimeException(thrown);
            }
        }
        Object value;
        try {
            value = context.proceed();
        } catch (Exception e) {
            if (exceptions != null && AnnotatedCall.appliesTo(e, annotation.cachedExceptions(),
                    annotation.nonCachedExceptions())) {
                exceptions.put(key, e);
            }
            throw e;
        }
        if (value != null) {
            cache.put(key, value);
        }
        return value;
    }
}
