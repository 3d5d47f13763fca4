package io.cachet.internal;

import io.cachet.CacheKey;
import io.cachet.CacheSettings;
import io.cachet.Cached;
import io.cachet.Coder;
import io.cachet.DefaultKeyBuilder;
import io.cachet.KeyBuilder;
import io.cachet.spi.CoderFactory;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Validates a {@code @Cached} method and works out its {@link MethodPlan}; every rule that can
 * be checked before the first call is checked here, so a bad annotation fails the deployment.
 */
final class PlanBuilder {
    /**
     * Parameter types that are plumbing, never data, and so are left out of keys. Types that carry
     * request data (HttpServletRequest, UriInfo, HttpHeaders, SecurityContext, Principal) are
     * deliberately absent: leaving them out could serve one user's result to another.
     */
    static final Set<String> INFRASTRUCTURE_TYPES = Set.of(
            "jakarta.servlet.ServletResponse", "jakarta.servlet.http.HttpServletResponse",
            "jakarta.servlet.ServletContext",
            "jakarta.ws.rs.container.AsyncResponse", "jakarta.ws.rs.container.ResourceInfo",
            "jakarta.ws.rs.ext.Providers", "jakarta.ws.rs.sse.Sse", "jakarta.ws.rs.sse.SseEventSink",
            "jakarta.enterprise.inject.spi.InjectionPoint", "jakarta.enterprise.inject.spi.BeanManager",
            "jakarta.enterprise.inject.Instance",
            "jakarta.persistence.EntityManager", "jakarta.persistence.EntityManagerFactory",
            "java.sql.Connection", "javax.sql.DataSource");
    private static final Pattern NAMESPACE = Pattern.compile("[^:\\s]*");

    private final CacheSettings settings;
    private final Function<Class<?>, Object> instances;
    private final List<CoderFactory> coderFactories;

    /**
     * @param instances creates (or finds) the coder and key builder named by an annotation;
     *     throws with a reason when it cannot
     */
    PlanBuilder(CacheSettings settings, Function<Class<?>, Object> instances) {
        this.settings = settings;
        this.instances = instances;
        List<CoderFactory> factories = new ArrayList<>();
        var found = ServiceLoader.load(CoderFactory.class, PlanBuilder.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!found.hasNext()) {
                    break;
                }
                factories.add(found.next());
            } catch (java.util.ServiceConfigurationError | LinkageError e) {
                // a factory whose API is absent here (JAX-RS in a plain CDI app): not needed either
            }
        }
        this.coderFactories = List.copyOf(factories);
    }

    /** The plan for {@code method}; {@link IllegalArgumentException} says what is wrong. */
    MethodPlan build(Method method, Cached cached) {
        Type returnType = method.getGenericReturnType();
        Class<?> rawReturn = method.getReturnType();
        if (rawReturn == void.class || rawReturn == Void.class) {
            throw new IllegalArgumentException("it returns " + rawReturn.getSimpleName() + ": there is no result to cache");
        }
        boolean async = rawReturn == CompletionStage.class || rawReturn == CompletableFuture.class;
        if (!async && Future.class.isAssignableFrom(rawReturn) || !async && CompletionStage.class.isAssignableFrom(rawReturn)) {
            throw new IllegalArgumentException("it returns " + rawReturn.getName()
                    + "; asynchronous methods must declare CompletionStage or CompletableFuture");
        }
        Type valueType = async ? stageValueType(returnType) : returnType;

        Duration ttl = ttl(cached.expire());
        String namespace = cached.namespace();
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace must not contain ':' or whitespace, but was '" + namespace + "'");
        }
        Coder coder = cached.coder() == Coder.class ? coderFor(valueType) : create(cached.coder(), "coder");
        KeyBuilder keyBuilder = cached.keyBuilder() == KeyBuilder.class
                ? settings.keyBuilder() : create(cached.keyBuilder(), "keyBuilder");
        String statusHeader = cached.statusHeader().isEmpty() ? settings.statusHeader() : cached.statusHeader();
        if (!cached.statusHeader().isEmpty()) {
            CacheSettings.builder().statusHeader(statusHeader); // validates the name
        }
        for (String header : cached.vary()) {
            try {
                CacheSettings.builder().statusHeader(header); // the same token rule
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("vary must name HTTP headers, but has '" + header + "'");
            }
        }

        int[] keyIndexes = keyParameters(method);
        List<Parameter> keyParameters = new ArrayList<>(keyIndexes.length);
        for (int index : keyIndexes) {
            keyParameters.add(method.getParameters()[index]);
        }
        keyBuilder.validate(method, keyParameters);
        // Only the default builder is known to depend on nothing but the arguments' values.
        boolean memoize = keyBuilder instanceof DefaultKeyBuilder && KeyMemo.applies(keyParameters);
        return new MethodPlan(method, async, valueType, keyIndexes, namespace, settings.prefix(), ttl, coder,
                keyBuilder, statusHeader, memoize, isEndpoint(method), List.of(cached.vary()), cached.shared());
    }

    private Coder coderFor(Type valueType) {
        for (CoderFactory factory : coderFactories) {
            try {
                Coder special = factory.coderFor(valueType, settings.coder());
                if (special != null) {
                    return special;
                }
            } catch (LinkageError e) {
                // the factory's API is not on this class path
            }
        }
        return settings.coder();
    }

    /** A JAX-RS resource method: it carries an annotation meta-annotated {@code @jakarta.ws.rs.HttpMethod}. */
    static boolean isEndpoint(Method method) {
        for (java.lang.annotation.Annotation annotation : method.getAnnotations()) {
            for (java.lang.annotation.Annotation meta : annotation.annotationType().getAnnotations()) {
                if (meta.annotationType().getName().equals("jakarta.ws.rs.HttpMethod")) {
                    return true;
                }
            }
        }
        return false;
    }

    private Duration ttl(long expire) {
        if (expire == Cached.UNSET) {
            return settings.defaultExpire();
        }
        if (expire == Cached.NEVER) {
            return null;
        }
        if (expire < 0) {
            throw new IllegalArgumentException("expire must be positive seconds (or Cached.NEVER, or unset), but was "
                    + expire);
        }
        return Duration.ofSeconds(expire);
    }

    private <T> T create(Class<T> type, String member) {
        try {
            return type.cast(instances.apply(type));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(member + " " + type.getName() + " cannot be created: " + e.getMessage(), e);
        }
    }

    /** Which parameters make up the key: the {@code @CacheKey} ones, else all but plumbing. */
    static int[] keyParameters(Method method) {
        Parameter[] parameters = method.getParameters();
        List<Integer> marked = new ArrayList<>();
        List<Integer> data = new ArrayList<>();
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i].isAnnotationPresent(CacheKey.class)) {
                marked.add(i);
            }
            if (!isInfrastructure(parameters[i].getType())) {
                data.add(i);
            }
        }
        List<Integer> chosen = marked.isEmpty() ? data : marked;
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    static boolean isInfrastructure(Class<?> type) {
        if (type == null || type == Object.class) {
            return false;
        }
        if (INFRASTRUCTURE_TYPES.contains(type.getName())) {
            return true;
        }
        for (Class<?> implemented : type.getInterfaces()) {
            if (isInfrastructure(implemented)) {
                return true;
            }
        }
        return isInfrastructure(type.getSuperclass());
    }

    private static Type stageValueType(Type returnType) {
        if (returnType instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[0];
        }
        throw new IllegalArgumentException("it returns a raw " + ((Class<?>) returnType).getSimpleName()
                + "; declare the value type, such as CompletionStage<Item>");
    }
}
