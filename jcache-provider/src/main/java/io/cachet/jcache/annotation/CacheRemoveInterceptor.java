package io.cachet.jcache.annotation;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import javax.cache.Cache;
import javax.cache.annotation.CacheRemove;

/** {@code @CacheRemove}: removes the entry of the call's key, after (or before) the call. */
@CacheRemove
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 110)
public class CacheRemoveInterceptor {

    @Inject
    AnnotationPlans plans;

    @AroundInvoke
    public Object intercept(InvocationContext context) throws Exception {
        CacheRemove annotation = context.getMethod().getAnnotation(CacheRemove.class);
        AnnotationPlans.Plan plan = plans.plan(context.getMethod(), annotation, annotation.cacheName(), "",
                annotation.cacheResolverFactory(), annotation.cacheKeyGenerator());
        Cache<Object, Object> cache = AnnotatedCall.cache(context, annotation, plan);
        Object key = AnnotatedCall.key(context, annotation, cache.getName(), plan);
        return AnnotatedCall.around(context, annotation.afterInvocation(), annotation.evictFor(),
                annotation.noEvictFor(), () -> cache.remove(key));
    }
}
