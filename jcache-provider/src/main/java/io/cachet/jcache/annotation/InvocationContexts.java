package io.cachet.jcache.annotation;

import jakarta.interceptor.InvocationContext;

import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheValue;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * JSR-107's view of an intercepted call, for application {@code CacheKeyGenerator}s and
 * {@code CacheResolver}s.
 */
final class InvocationContexts {
    private InvocationContexts() {
    }

    record Parameter(Class<?> getRawType, Object getValue, Set<Annotation> getAnnotations, int getParameterPosition)
            implements CacheInvocationParameter {
    }

    /** A method's details, for {@code CacheResolverFactory}: no call's target or arguments. */
    record Details<A extends Annotation>(Method getMethod, Set<Annotation> getAnnotations, A getCacheAnnotation,
                                         String getCacheName) implements CacheMethodDetails<A> {
        Details(Method method, A annotation, String cacheName) {
            this(method, Set.copyOf(List.of(method.getAnnotations())), annotation, cacheName);
        }
    }

    /** A call's context: method, annotations, cache name, target and parameters. */
    static final class Context<A extends Annotation> implements CacheKeyInvocationContext<A> {
        private final InvocationContext invocation;
        private final A annotation;
        private final String cacheName;

        Context(InvocationContext invocation, A annotation, String cacheName) {
            this.invocation = invocation;
            this.annotation = annotation;
            this.cacheName = cacheName;
        }

        @Override
        public Object getTarget() {
            return invocation.getTarget();
        }

        @Override
        public CacheInvocationParameter[] getAllParameters() {
            Method method = invocation.getMethod();
            Annotation[][] annotations = method.getParameterAnnotations();
            Object[] values = invocation.getParameters();
            CacheInvocationParameter[] parameters = new CacheInvocationParameter[values.length];
            for (int i = 0; i < values.length; i++) {
                parameters[i] = new Parameter(method.getParameterTypes()[i], values[i],
                        new LinkedHashSet<>(List.of(annotations[i])), i);
            }
            return parameters;
        }

        @Override
        public CacheInvocationParameter[] getKeyParameters() {
            List<CacheInvocationParameter> marked = new ArrayList<>();
            List<CacheInvocationParameter> all = new ArrayList<>();
            for (CacheInvocationParameter parameter : getAllParameters()) {
                boolean key = parameter.getAnnotations().stream().anyMatch(a -> a instanceof CacheKey);
                boolean value = parameter.getAnnotations().stream().anyMatch(a -> a instanceof CacheValue);
                if (key) {
                    marked.add(parameter);
                }
                if (!value) {
                    all.add(parameter);
                }
            }
            return (marked.isEmpty() ? all : marked).toArray(CacheInvocationParameter[]::new);
        }

        @Override
        public CacheInvocationParameter getValueParameter() {
            for (CacheInvocationParameter parameter : getAllParameters()) {
                if (parameter.getAnnotations().stream().anyMatch(a -> a instanceof CacheValue)) {
                    return parameter;
                }
            }
            return null;
        }

        @Override
        public Method getMethod() {
            return invocation.getMethod();
        }

        @Override
        public Set<Annotation> getAnnotations() {
            return new LinkedHashSet<>(List.of(invocation.getMethod().getAnnotations()));
        }

        @Override
        public A getCacheAnnotation() {
            return annotation;
        }

        @Override
        public String getCacheName() {
            return cacheName;
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            if (type.isInstance(this)) {
                return type.cast(this);
            }
            if (type.isInstance(invocation)) {
                return type.cast(invocation);
            }
            throw new IllegalArgumentException("cannot unwrap a cache invocation context to " + type.getName());
        }
    }
}
