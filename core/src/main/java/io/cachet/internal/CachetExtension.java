package io.cachet.internal;

import io.cachet.CacheSettings;
import io.cachet.Cached;
import io.cachet.spi.BackendFactory;
import io.cachet.spi.CacheBackend;
import io.cachet.spi.Properties;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import jakarta.enterprise.inject.spi.WithAnnotations;

import jakarta.interceptor.Interceptor;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds every {@code @Cached} method at deployment, validates it (a bad annotation fails the
 * deployment naming the method), resolves the settings and the backend, and builds the
 * {@link CacheEngine} the interceptor uses.
 */
public class CachetExtension implements Extension {
    /** Per bean class, its {@code @Cached} methods, declared or inherited. */
    private final Map<Class<?>, Map<Method, Cached>> cachedMethods = new LinkedHashMap<>();
    /** The bean of each class with {@code @Cached} methods, and every application bean: until validated. */
    private final Map<Class<?>, Bean<?>> cachedBeans = new HashMap<>();
    private final Set<Bean<?>> applicationBeans = new java.util.HashSet<>();
    private final List<String> misplaced = new ArrayList<>();
    private volatile CacheEngine engine;
    private volatile CachetAdmin admin;
    private CacheBackend ownedBackend;
    private Observability observability;
    private final java.util.function.Function<String, String> property;
    private final java.util.function.Function<String, Set<String>> names;

    /** Reads configuration from MicroProfile Config, else system properties, else the environment. */
    public CachetExtension() {
        this(Properties.configured()::value, Properties::configuredNames);
    }

    /**
     * Reads configuration from {@code properties} alone (tests, embedded use), instead of
     * MicroProfile Config, system properties and the environment.
     */
    public CachetExtension(Map<String, String> properties) {
        this(name -> {
            String value = properties.get(name);
            return value == null || value.isBlank() ? null : value.trim();
        }, prefix -> new java.util.TreeSet<>(properties.keySet().stream().filter(n -> n.startsWith(prefix)).toList()));
    }

    private CachetExtension(java.util.function.Function<String, String> property,
                            java.util.function.Function<String, Set<String>> names) {
        this.property = property;
        this.names = names;
    }

    <T> void collect(@Observes @WithAnnotations(Cached.class) ProcessAnnotatedType<T> event) {
        var type = event.getAnnotatedType();
        if (type.isAnnotationPresent(Cached.class) && !type.isAnnotationPresent(Interceptor.class)) {
            misplaced.add(type.getJavaClass().getName());
        }
    }

    /** Every bean's {@code @Cached} methods, inherited ones included: each bean class gets its own plans. */
    <T> void bean(@Observes ProcessManagedBean<T> event) {
        AnnotatedType<T> type = event.getAnnotatedBeanClass();
        for (AnnotatedMethod<? super T> method : type.getMethods()) {
            Cached cached = method.getAnnotation(Cached.class);
            if (cached != null) {
                cachedMethods.computeIfAbsent(type.getJavaClass(), c -> new LinkedHashMap<>())
                        .putIfAbsent(method.getJavaMember(), cached);
                cachedBeans.put(type.getJavaClass(), event.getBean());
            }
        }
    }

    /** Every bean of the application (built-in beans are not announced): what a resource's dependencies resolve to. */
    <T> void anyBean(@Observes ProcessBean<T> event) {
        applicationBeans.add(event.getBean());
    }

    /**
     * A readiness check per store, when MicroProfile Health is present ({@code cachet.health}:
     * {@code auto}, the default, or {@code off}). A store named by a bad namespace property gets
     * none: the deployment fails on it anyway.
     */
    void health(@Observes jakarta.enterprise.inject.spi.AfterBeanDiscovery event) {
        String health = property.apply("cachet.health");
        if (health != null && !health.equalsIgnoreCase("auto")) {
            if (!health.equalsIgnoreCase("off")) {
                event.addDefinitionError(new DefinitionException("cachet.health must be auto or off, but was '"
                        + health + "'"));
            }
            return;
        }
        if (Observability.present("org.eclipse.microprofile.health.HealthCheck") == null) {
            return;
        }
        java.util.Set<String> stores;
        try {
            stores = Namespaces.storeNames(property, names.apply(Namespaces.PROPERTY_PREFIX));
        } catch (RuntimeException e) {
            stores = java.util.Set.of("default"); // reported with the deployment's other problems
        }
        StoreHealthCheck.register(event, this, stores);
    }

    void start(@Observes AfterDeploymentValidation event, BeanManager beans) {
        for (String type : misplaced) {
            event.addDeploymentProblem(new DefinitionException("@Cached on class " + type
                    + ": put it on the methods whose results should be cached"));
        }
        CacheSettings settings;
        try {
            settings = settings(beans);
        } catch (RuntimeException e) {
            event.addDeploymentProblem(new DeploymentException("Cachet: invalid settings: " + e.getMessage(), e));
            return;
        }
        if (!misplaced.isEmpty()) {
            return;
        }
        CacheBackend backend;
        try {
            backend = backend(beans, settings);
        } catch (RuntimeException e) {
            event.addDeploymentProblem(new DeploymentException("Cachet: cannot create the cache backend: "
                    + e.getMessage(), e));
            return;
        }
        Namespaces namespaces;
        try {
            namespaces = Namespaces.configure(settings, backend, property, names.apply(Namespaces.PROPERTY_PREFIX),
                    name -> named(beans, name));
        } catch (RuntimeException e) {
            event.addDeploymentProblem(new DeploymentException("Cachet: invalid namespace configuration: "
                    + e.getMessage(), e));
            closeOwned();
            return;
        }
        Map<Class<?>, Object> created = new ConcurrentHashMap<>();
        PlanBuilder builder = new PlanBuilder(namespaces::get,
                type -> created.computeIfAbsent(type, t -> instance(beans, t)));
        Map<Class<?>, Map<Method, MethodPlan>> plans = new HashMap<>();
        boolean valid = true;
        RequestDependencies dependencies = new RequestDependencies(beans, applicationBeans);
        for (Map.Entry<Class<?>, Map<Method, Cached>> bean : cachedMethods.entrySet()) {
            for (Map.Entry<Method, Cached> entry : bean.getValue().entrySet()) {
                try {
                    MethodPlan plan = builder.build(bean.getKey(), entry.getKey(), entry.getValue());
                    undeclaredRequestDependency(plan, entry.getValue(), cachedBeans.get(bean.getKey()), dependencies);
                    plans.computeIfAbsent(bean.getKey(), c -> new HashMap<>()).put(entry.getKey(), plan);
                } catch (RuntimeException e) {
                    valid = false;
                    event.addDeploymentProblem(new DefinitionException("@Cached method "
                            + MethodPlan.describe(bean.getKey(), entry.getKey()) + ": " + e.getMessage(), e));
                }
            }
        }
        cachedBeans.clear();
        applicationBeans.clear();
        if (!valid) {
            namespaces.close();
            closeOwned();
            return;
        }
        CacheEngine started = new CacheEngine(settings, namespaces, plans);
        try {
            observability = Observability.start(started, property, type -> optionalReference(beans, type));
        } catch (RuntimeException e) {
            event.addDeploymentProblem(new DeploymentException("Cachet: " + e.getMessage(), e));
            started.close();
            closeOwned();
            return;
        }
        admin = new CachetAdmin(started);
        engine = started; // last: engine() and cachet() see a started Cachet only once both are set
        engine.refreshContext(refresh -> () -> inRequestContext(beans, refresh));
    }

    /**
     * Fails a resource method whose bean depends, through the beans it injects, on a request-scoped
     * bean of the application (or on request headers further down), unless it says how its answer
     * varies: the same rule as for the request inputs of its own members.
     */
    private static void undeclaredRequestDependency(MethodPlan plan, Cached cached, Bean<?> bean,
                                                    RequestDependencies dependencies) {
        if (!plan.endpoint || bean == null || cached.vary().length > 0 || cached.perUser() || cached.shared()) {
            return;
        }
        String dependency = dependencies.find(bean);
        if (dependency != null) {
            throw new IllegalArgumentException("it depends on " + dependency + ", which may hold what the request"
                    + " says (a tenant a filter read from a header, say) outside the key; say how the answer varies:"
                    + " vary = {...} naming the headers it comes from, perUser = true, or shared = true");
        }
    }

    /** A background refresh runs in a request context of its own, as the call it refreshes did. */
    private static void inRequestContext(BeanManager beans, Runnable refresh) {
        jakarta.enterprise.context.control.RequestContextController controller;
        try {
            controller = beans.createInstance().select(jakarta.enterprise.context.control.RequestContextController.class)
                    .get();
        } catch (RuntimeException unavailable) {
            refresh.run(); // the container is going away: the refresh fails by itself, or needs no context
            return;
        }
        boolean activated = controller.activate();
        try {
            refresh.run();
        } finally {
            if (activated) {
                controller.deactivate();
            }
        }
    }

    void stop(@Observes BeforeShutdown event) {
        if (observability != null) {
            observability.close();
            observability = null;
        }
        if (engine != null) {
            engine.close();
        }
        closeOwned();
    }

    private void closeOwned() {
        if (ownedBackend != null) {
            ownedBackend.close();
            ownedBackend = null;
        }
    }

    /** A {@code @Named} {@code CacheBackend} bean, or {@code null}. */
    private static CacheBackend named(BeanManager beans, String name) {
        Set<Bean<?>> candidates = beans.getBeans(CacheBackend.class, jakarta.enterprise.inject.literal.NamedLiteral.of(name));
        if (candidates.isEmpty()) {
            return null;
        }
        Bean<?> bean = beans.resolve(candidates);
        return (CacheBackend) beans.getReference(bean, CacheBackend.class, beans.createCreationalContext(bean));
    }

    /** The {@link io.cachet.Cachet} API, once the deployment has been validated. */
    public CachetAdmin cachet() {
        engine();
        return admin;
    }

    /** The call path, once the deployment has been validated. */
    public CacheEngine engine() {
        CacheEngine current = engine;
        if (current == null) {
            throw new IllegalStateException("Cachet is not started: the deployment was not validated");
        }
        return current;
    }

    private CacheSettings settings(BeanManager beans) {
        CacheSettings produced = io.cachet.spi.CdiParts.settings(beans, CacheSettings.class);
        return produced != null ? produced : Config.settings(property);
    }

    /** The application's store (a {@code CacheBackend} bean that is not {@code @Named}), else the configured one. */
    private CacheBackend backend(BeanManager beans, CacheSettings settings) {
        Set<Bean<?>> candidates = new java.util.HashSet<>(beans.getBeans(CacheBackend.class));
        candidates.removeIf(bean -> bean.getQualifiers().stream()
                .anyMatch(q -> q.annotationType() == jakarta.inject.Named.class));
        if (!candidates.isEmpty()) {
            Bean<?> bean = beans.resolve(candidates);
            return (CacheBackend) beans.getReference(bean, CacheBackend.class, beans.createCreationalContext(bean));
        }
        ownedBackend = BackendFactory.fromProperties(property, settings.clock());
        return ownedBackend;
    }

    private static <T> T reference(BeanManager beans, Class<T> type) {
        Set<Bean<?>> candidates = beans.getBeans(type);
        if (candidates.isEmpty()) {
            return null;
        }

        Bean<?> bean = beans.resolve(candidates);
        return type.cast(beans.getReference(bean, type, beans.createCreationalContext(bean)));
    }

    /** The application's bean of {@code type}, or {@code null} when there is none or no single one. */
    private static Object optionalReference(BeanManager beans, Class<?> type) {
        try {
            return reference(beans, type);
        } catch (jakarta.enterprise.inject.AmbiguousResolutionException e) {
            return null;
        }
    }

    private static Object instance(BeanManager beans, Class<?> type) {
        Object bean = reference(beans, type);
        return bean != null ? bean : Instances.reflective(type);
    }
}
