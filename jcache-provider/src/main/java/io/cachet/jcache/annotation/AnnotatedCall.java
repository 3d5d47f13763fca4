package io.cachet.jcache.annotation;

import io.cachet.jcache.CachetCachingProvider;
import jakarta.interceptor.InvocationContext;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
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

    /** The cache named {@code name}, else by {@code @CacheDefaults}, else by the method's signature. */
    static Cache<Object, Object> cache(InvocationContext context, String name) {
        return cache(context, name, null, null);
    }

    /**
     * Like {@link #cache(InvocationContext, String)}, through the annotation's (or
     * {@code @CacheDefaults}') {@code CacheResolverFactory} when it names one.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <A extends Annotation> Cache<Object, Object> cache(InvocationContext context, String name, A annotation,
                                                              Class<? extends CacheResolverFactory> factoryType) {
        Method method = context.getMethod();
        String cacheName = name;
        CacheDefaults defaults = method.getDeclaringClass().getAnnotation(CacheDefaults.class);
        if (cacheName.isEmpty()) {
            cacheName = defaults == null ? "" : defaults.cacheName();
        }
        if (cacheName.isEmpty()) {
            cacheName = defaultName(method);
        }
        Class<? extends CacheResolverFactory> factory = factoryType;
        if ((factory == null || factory == CacheResolverFactory.class) && defaults != null) {
            factory = defaults.cacheResolverFactory();
        }
        if (annotation != null && factory != null && factory != CacheResolverFactory.class) {
            String resolvedName = cacheName;
            CacheMethodDetails details = new InvocationContexts.Context<>(context, annotation, resolvedName);
            CacheResolver resolver = instance(factory).getCacheResolver(details);
            return (Cache<Object, Object>) resolver.resolveCache(
                    (CacheInvocationContext) new InvocationContexts.Context<>(context, annotation, resolvedName));
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

    /**
     * The key: by the annotation's (or {@code @CacheDefaults}') {@code CacheKeyGenerator} when it
     * names one, else the default below.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <A extends Annotation> GeneratedCacheKey key(InvocationContext context, A annotation, String cacheName,
                                                       Class<? extends CacheKeyGenerator> generatorType) {
        Class<? extends CacheKeyGenerator> generator = generatorType;
        CacheDefaults defaults = context.getMethod().getDeclaringClass().getAnnotation(CacheDefaults.class);
        if ((generator == null || generator == CacheKeyGenerator.class) && defaults != null) {
            generator = defaults.cacheKeyGenerator();
        }
        if (generator == null || generator == CacheKeyGenerator.class) {
            return key(context);
        }
        return instance(generator).generateCacheKey(
                (CacheKeyInvocationContext) new InvocationContexts.Context<>(context, annotation, cacheName));
    }

    private static <T> T instance(Class<T> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getName() + " needs a public no-argument constructor", e);
        }
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
