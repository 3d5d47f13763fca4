package io.cachet.jcache.annotation;

import io.cachet.jcache.CachetCachingProvider;
import jakarta.interceptor.InvocationContext;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheValue;
import javax.cache.annotation.GeneratedCacheKey;
import javax.cache.configuration.MutableConfiguration;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * What the JSR-107 annotation interceptors share: the cache (by name, from the annotation, the
 * class's {@code @CacheDefaults}, or the method's signature, created on first use) and the key.
 */
final class AnnotatedCall {
    private AnnotatedCall() {
    }

    static CacheManager manager() {
        return Caching.getCachingProvider(CachetCachingProvider.class.getName()).getCacheManager();
    }

    /** The plan's cache: through its resolver, else by name from the cache manager, created on first use. */
    static Cache<Object, Object> cache(InvocationContext context, Annotation annotation, AnnotationPlans.Plan plan) {
        return cache(context, annotation, plan.cacheName(), plan.resolver());
    }

    /** The plan's exception cache, or {@code null} when the annotation names none. */
    static Cache<Object, Object> exceptionCache(InvocationContext context, Annotation annotation,
                                                AnnotationPlans.Plan plan) {
        return plan.exceptionCacheName().isEmpty() ? null
                : cache(context, annotation, plan.exceptionCacheName(), plan.exceptionResolver());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Cache<Object, Object> cache(InvocationContext context, Annotation annotation, String cacheName,
                                               CacheResolver resolver) {
        if (resolver != null) {
            return (Cache<Object, Object>) resolver.resolveCache(
                    (CacheInvocationContext) new InvocationContexts.Context<>(context, annotation, cacheName));
        }
        CacheManager manager = manager();
        Cache<Object, Object> cache = manager.getCache(cacheName);
        if (cache == null) {
            synchronized (AnnotatedCall.class) {
                cache = manager.getCache(cacheName);
                if (cache == null) {
                    cache = manager.createCache(cacheName, new MutableConfiguration<>());
                }
            }
        }
        return cache;
    }

    /** JSR-107's default cache name: {@code package.Class.method(package.Type1,package.Type2)}. */
    static String defaultName(Method method) {
        StringBuilder name = new StringBuilder(method.getDeclaringClass().getName()).append('.')
                .append(method.getName()).append('(');
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            name.append(i == 0 ? "" : ",").append(types[i].getName());
        }
        return name.append(')').toString();
    }

    /** The key: by the plan's {@code CacheKeyGenerator} when it has one, else the default below. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static GeneratedCacheKey key(InvocationContext context, Annotation annotation, String cacheName,
                                 AnnotationPlans.Plan plan) {
        if (plan.generator() == null) {
            return key(context);
        }
        return plan.generator().generateCacheKey(
                (CacheKeyInvocationContext) new InvocationContexts.Context<>(context, annotation, cacheName));
    }

    /** The {@code @CacheKey} parameters, else every parameter but the {@code @CacheValue} one. */
    static GeneratedCacheKey key(InvocationContext context) {
        Method method = context.getMethod();
        Annotation[][] annotations = method.getParameterAnnotations();
        Object[] arguments = context.getParameters();
        List<Object> marked = new ArrayList<>();
        List<Object> all = new ArrayList<>();
        for (int i = 0; i < arguments.length; i++) {
            boolean key = false;
            boolean value = false;
            for (Annotation annotation : annotations[i]) {
                key |= annotation instanceof CacheKey;
                value |= annotation instanceof CacheValue;
            }
            if (key) {
                marked.add(arguments[i]);
            }
            if (!value) {
                all.add(arguments[i]);
            }
        }
        return new CachetGeneratedCacheKey((marked.isEmpty() ? all : marked).toArray());
    }

    /** The {@code @CacheValue} argument. */
    static Object value(InvocationContext context) {
        Annotation[][] annotations = context.getMethod().getParameterAnnotations();
        for (int i = 0; i < annotations.length; i++) {
            for (Annotation annotation : annotations[i]) {
                if (annotation instanceof CacheValue) {
                    return context.getParameters()[i];
                }
            }
        }
        throw new IllegalStateException("@CachePut on " + context.getMethod() + " needs a @CacheValue parameter");
    }

    /**
     * Runs the method with {@code action} before it, or after it (when {@code afterInvocation}):
     * then also after an exception that {@link #appliesTo} the annotation's lists.
     */
    static Object around(InvocationContext context, boolean afterInvocation, Class<? extends Throwable>[] include,
                         Class<? extends Throwable>[] exclude, Runnable action) throws Exception {
        if (!afterInvocation) {
            action.run();
            return context.proceed();
        }
        Object result;
        try {
            result = context.proceed();
        } catch (Exception e) {
            if (appliesTo(e, include, exclude)) {
                action.run();
            }
            throw e;
        }
        action.run();
        return result;
    }

    /** JSR-107's rule for which exceptions an annotation acts on: {@code include} minus {@code exclude}. */
    static boolean appliesTo(Throwable error, Class<? extends Throwable>[] include, Class<? extends Throwable>[] exclude) {
        boolean included = include.length == 0;
        for (Class<? extends Throwable> type : include) {
            included |= type.isInstance(error);
        }
        for (Class<? extends Throwable> type : exclude) {
            if (type.isInstance(error)) {
                return false;
            }
        }
        return included;
    }
}
