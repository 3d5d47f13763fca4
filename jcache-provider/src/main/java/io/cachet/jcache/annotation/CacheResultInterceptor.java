package io.cachet.jcache.annotation;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
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

    @Inject
    AnnotationPlans plans;

    @AroundInvoke
    public Object intercept(InvocationContext context) throws Exception {
        CacheResult annotation = context.getMethod().getAnnotation(CacheResult.class);
        AnnotationPlans.Plan plan = plans.plan(context.getMethod(), annotation, annotation.cacheName(),
                annotation.exceptionCacheName(), annotation.cacheResolverFactory(), annotation.cacheKeyGenerator());
        Cache<Object, Object> cache = AnnotatedCall.cache(context, annotation, plan);
        GeneratedCacheKey key = AnnotatedCall.key(context, annotation, cache.getName(), plan);
        Cache<Object, Object> exceptions = AnnotatedCall.exceptionCache(context, annotation, plan);
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
