package io.cachet.jcache.annotation;

import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;

import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What each intercepted method's JSR-107 annotation resolves to, worked out on its first call and
 * kept for the life of the container: the cache name, the cache resolvers of a
 * {@code CacheResolverFactory} and the {@code CacheKeyGenerator}, from the annotation or the
 * class's {@code @CacheDefaults}. A factory or generator class that is a CDI bean is used as the
 * bean (with its injections); any other is created through its public no-argument constructor.
 * A singleton that {@link AnnotationsExtension} adds as a synthetic bean: it has no constructor a
 * container could use, so bean discovery never registers it a second time.
 */
public final class AnnotationPlans {
    private final Map<Method, Map<Class<? extends Annotation>, Plan>> plans = new ConcurrentHashMap<>();
    private final List<CreationalContext<?>> dependents = new CopyOnWriteArrayList<>();
    private final BeanManager beans;

    AnnotationPlans(BeanManager beans) {
        this.beans = beans;
    }

    /** Releases the {@code @Dependent} factories and generators it made (their {@code @PreDestroy} runs). */
    void close() {
        dependents.forEach(CreationalContext::release);
        dependents.clear();
    }

    /** One method's resolution; {@code null} resolvers and generator mean Cachet's defaults. */
    record Plan(String cacheName, CacheResolver resolver, String exceptionCacheName, CacheResolver exceptionResolver,
                CacheKeyGenerator generator) {
    }

    /** @param generatorType {@code null} for an annotation without keys ({@code @CacheRemoveAll}) */
    Plan plan(Method method, Annotation annotation, String cacheName, String exceptionCacheName,
              Class<? extends CacheResolverFactory> factoryType, Class<? extends CacheKeyGenerator> generatorType) {
        Map<Class<? extends Annotation>, Plan> byAnnotation = plans.computeIfAbsent(method, m -> new ConcurrentHashMap<>(2));
        Plan plan = byAnnotation.get(annotation.annotationType());
        if (plan != null) {
            return plan;
        }
        // Not computeIfAbsent: a factory may itself call intercepted methods while it resolves.
        plan = resolve(method, annotation, cacheName, exceptionCacheName, factoryType, generatorType);
        Plan raced = byAnnotation.putIfAbsent(annotation.annotationType(), plan);
        return raced != null ? raced : plan;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Plan resolve(Method method, Annotation annotation, String name, String exceptionName,
                         Class<? extends CacheResolverFactory> factoryType,
                         Class<? extends CacheKeyGenerator> generatorType) {
        CacheDefaults defaults = method.getDeclaringClass().getAnnotation(CacheDefaults.class);
        String cacheName = name;
        if (cacheName.isEmpty() && defaults != null) {
            cacheName = defaults.cacheName();
        }
        if (cacheName.isEmpty()) {
            cacheName = AnnotatedCall.defaultName(method);
        }
        Class<? extends CacheResolverFactory> factory = factoryType;
        if (factory == CacheResolverFactory.class && defaults != null) {
            factory = defaults.cacheResolverFactory();
        }
        Class<? extends CacheKeyGenerator> generator = generatorType == null ? CacheKeyGenerator.class : generatorType;
        if (generatorType == CacheKeyGenerator.class && defaults != null) {
            generator = defaults.cacheKeyGenerator();
        }
        CacheResolver resolver = null;
        CacheResolver exceptionResolver = null;
        if (factory != CacheResolverFactory.class) {
            CacheResolverFactory created = instance(factory);
            resolver = created.getCacheResolver(new InvocationContexts.Details<>(method, annotation, cacheName));
            if (!exceptionName.isEmpty() && annotation instanceof CacheResult result) {
                // as the reference implementation: the method's cache name; the factory reads
                // exceptionCacheName() from the annotation
                exceptionResolver = created.getExceptionCacheResolver(
                        new InvocationContexts.Details<>(method, result, cacheName));
            }
        }
        return new Plan(cacheName, resolver, exceptionName, exceptionResolver,
                generator == CacheKeyGenerator.class ? null : instance(generator));
    }

    /** The CDI bean of that type if there is one, else a new instance. */
    @SuppressWarnings("unchecked")
    private <T> T instance(Class<T> type) {
        Set<Bean<?>> candidates = beans.getBeans(type);
        if (!candidates.isEmpty()) {
            Bean<?> bean = beans.resolve(candidates);
            CreationalContext<?> creation = beans.createCreationalContext(bean);
            dependents.add(creation);
            return (T) beans.getReference(bean, type, creation);
        }
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getName() + " is neither a CDI bean nor has a public no-argument"
                    + " constructor", e);
        }
    }
}
