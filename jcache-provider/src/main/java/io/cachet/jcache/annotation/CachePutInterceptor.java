package io.cachet.jcache.annotation;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import javax.cache.Cache;
import javax.cache.annotation.CachePut;

/** {@code @CachePut}: stores the {@code @CacheValue} argument, after (or before) the call. */
@CachePut
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 110)
public class CachePutInterceptor {

    @Inject
    AnnotationPlans plans;

    @AroundInvoke
    public Object intercept(InvocationContext context) throws Exception {
        CachePut annotation = context.getMethod().getAnnotation(CachePut.class);
        AnnotationPlans.Plan plan = plans.plan(context.getMethod(), annotation, annotation.cacheName(), "",
                annotation.cacheResolverFactory(), annotation.cacheKeyGenerator());
        Cache<Object, Object> cache = AnnotatedCall.cache(context, annotation, plan);
        Object key = AnnotatedCall.key(context, annotation, cache.getName(), plan);
        Object value = AnnotatedCall.value(context);
        return AnnotatedCall.around(context, annotation.afterInvocation(), annotation.cacheFor(),
                annotation.noCacheFor(), () -> cache.put(key, value));
    }
}
