package io.cachet.jcache.annotation;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import javax.cache.Cache;
import javax.cache.annotation.CacheRemoveAll;

/** {@code @CacheRemoveAll}: empties the cache, after (or before) the call. */
@CacheRemoveAll
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 110)
public class CacheRemoveAllInterceptor {

    @Inject
    AnnotationPlans plans;

    @AroundInvoke
    public Object intercept(InvocationContext context) throws Exception {
        CacheRemoveAll annotation = context.getMethod().getAnnotation(CacheRemoveAll.class);
        AnnotationPlans.Plan plan = plans.plan(context.getMethod(), annotation, annotation.cacheName(), "",
                annotation.cacheResolverFactory(), null);
        Cache<Object, Object> cache = AnnotatedCall.cache(context, annotation, plan);
        return AnnotatedCall.around(context, annotation.afterInvocation(), annotation.evictFor(),
                annotation.noEvictFor(), () -> cache.removeAll());
    }
}
