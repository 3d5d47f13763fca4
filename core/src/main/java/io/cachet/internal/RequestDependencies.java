package io.cachet.internal;

import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.InjectionPoint;

import java.lang.annotation.Annotation;
import java.lang.reflect.Member;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.Set;

/**
 * What a resource bean depends on, through the beans it injects, that may hold anything of the
 * request outside the cache key: a request-scoped bean of the application (a tenant a filter read
 * from a header, say), or a bean further down that injects request headers. {@link RequestInputs}
 * judges the resource's own members; this follows the injection points the container resolved.
 */
final class RequestDependencies {
    /** How deep the injected beans are followed. */
    private static final int MAX_DEPTH = 8;

    private final BeanManager beans;
    /** The application's beans (those the container announced with {@code ProcessBean}), not built-ins. */
    private final Set<Bean<?>> application;

    RequestDependencies(BeanManager beans, Set<Bean<?>> application) {
        this.beans = beans;
        this.application = application;
    }

    /** The first such dependency of {@code resource}, as the path to it, or {@code null} when there is none. */
    String find(Bean<?> resource) {
        return walk(resource, "", new HashSet<>(), 0);
    }

    private String walk(Bean<?> bean, String path, Set<Bean<?>> seen, int depth) {
        if (depth > MAX_DEPTH || !seen.add(bean)) {
            return null;
        }
        for (InjectionPoint point : bean.getInjectionPoints()) {
            Type type = looked(point.getType());
            Class<?> raw = raw(type);
            if (raw == null) {
                continue;
            }
            String here = path + describe(point, raw);
            RequestInputs.Kind kind = RequestInputs.kindOf(raw);
            if (kind != null) {
                // the resource's own request inputs are RequestInputs' rules; further down, request
                // headers reach the answer without being keyed (the user and the URL are keyed)
                if (depth > 0 && kind == RequestInputs.Kind.HEADERS) {
                    return here + ", which reads request headers";
                }
                continue;
            }
            Bean<?> resolved;
            try {
                resolved = beans.resolve(beans.getBeans(type, point.getQualifiers().toArray(new Annotation[0])));
            } catch (RuntimeException ambiguousOrUnknown) {
                continue; // the container reports an unresolvable injection point itself
            }
            if (resolved == null || !application.contains(resolved)) {
                continue;
            }
            if (resolved.getScope() == RequestScoped.class) {
                return here + ", a request-scoped bean (" + resolved.getBeanClass().getName() + ")";
            }
            String deeper = walk(resolved, here + " -> ", seen, depth + 1);
            if (deeper != null) {
                return deeper;
            }
        }
        return null;
    }

    /** {@code Instance<T>} and {@code Provider<T>} hand over a {@code T}. */
    private static Type looked(Type type) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw
                && (raw.getName().equals("jakarta.enterprise.inject.Instance")
                || raw.getName().equals("jakarta.inject.Provider"))) {
            return parameterized.getActualTypeArguments()[0];
        }
        return type;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null; // a wildcard or a type variable: nothing to resolve
    }

    private static String describe(InjectionPoint point, Class<?> type) {
        Member member = point.getMember();
        if (member == null) {
            return "an injected " + type.getSimpleName();
        }
        String owner = member.getDeclaringClass().getName();
        String where = member instanceof java.lang.reflect.Field ? "field '" + member.getName() + "' of " + owner
                : member instanceof java.lang.reflect.Constructor<?> ? "constructor of " + owner
                : "initializer '" + member.getName() + "' of " + owner;
        return where + " (" + type.getSimpleName() + ")";
    }
}
