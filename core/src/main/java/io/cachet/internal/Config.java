package io.cachet.internal;

import io.cachet.CacheSettings;
import io.cachet.Coder;
import io.cachet.KeyBuilder;
import io.cachet.coder.JsonCoder;
import io.cachet.coder.SerializationCoder;
import io.cachet.spi.BackendFactory;
import io.cachet.spi.CacheBackend;
import io.cachet.spi.Properties;

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Settings and the backend from configuration, when the application produces neither:
 * MicroProfile Config when present, else system properties, else environment variables
 * ({@code cachet.backend} is also read as {@code CACHET_BACKEND}).
 */
public final class Config {
    private static final Function<String, String> MICROPROFILE = microProfile();
    private static final java.util.function.Supplier<Iterable<String>> MICROPROFILE_NAMES = microProfileNames();

    private Config() {
    }

    /** The configured value of {@code name}, or {@code null}. */
    public static String get(String name) {
        String value = MICROPROFILE == null ? null : MICROPROFILE.apply(name);
        if (value == null) {
            value = System.getProperty(name);
        }
        if (value == null) {
            value = System.getenv(name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Settings from {@code cachet.*} properties; bad values are named in the exception. */
    public static CacheSettings settings(Function<String, String> property) {
        return settings(property, CacheSettings.builder(), "cachet.");
    }

    /** The settings one namespace may set for itself ({@code cachet.namespaces.<name>.<setting>}). */
    static final java.util.List<String> NAMESPACE_SETTINGS = java.util.List.of("backend", "prefix", "expire",
            "fail-open", "stale-while-revalidate", "stale-if-error", "cluster-flight", "lease-ms", "coder",
            "key-builder", "enabled", "tag-header", "near");

    /**
     * {@code base} with what the properties under {@code cachet.namespaces.<namespace>.} change (see
     * {@link #NAMESPACE_SETTINGS}); a bad value is named by its full property name.
     */
    static CacheSettings namespaceSettings(Function<String, String> property, CacheSettings base, String namespace) {
        return settings(property, base.toBuilder(), "cachet.namespaces." + namespace + ".");
    }

    /** Reads each setting from the property {@code prefix + its name} into {@code builder}. */
    private static CacheSettings settings(Function<String, String> property, CacheSettings.Builder builder,
                                          String prefix) {
        Properties properties = new Properties(property);
        String expire = prefix + "expire";
        String backendTimeout = prefix + "backend-timeout-ms";
        String lockTimeout = prefix + "lock-timeout-ms";
        String swr = prefix + "stale-while-revalidate";
        String sie = prefix + "stale-if-error";
        String threads = prefix + "refresh-threads";
        String lease = prefix + "lease-ms";
        String waiters = prefix + "max-waiters";
        properties.ifSet(prefix + "prefix", builder::prefix);
        properties.ifSet(prefix + "status-header", builder::statusHeader);
        properties.ifSet(prefix + "tag-header", builder::tagHeader);
        properties.ifSet(prefix + "enabled", v -> builder.enabled(Properties.bool(prefix + "enabled", v)));
        properties.ifSet(prefix + "fail-open", v -> builder.failOpen(Properties.bool(prefix + "fail-open", v)));
        properties.ifSet(expire, v -> builder.defaultExpire(Duration.ofSeconds(Properties.positive(expire, v))));
        properties.ifSet(backendTimeout,
                v -> builder.backendTimeout(Duration.ofMillis(Properties.positive(backendTimeout, v))));
        properties.ifSet(lockTimeout, v -> builder.lockTimeout(Duration.ofMillis(Properties.positive(lockTimeout, v))));
        properties.ifSet(swr, v -> builder.staleWhileRevalidate(Duration.ofSeconds(Properties.notNegative(swr, v))));
        properties.ifSet(sie, v -> builder.staleIfError(Duration.ofSeconds(Properties.notNegative(sie, v))));
        properties.ifSet(threads, v -> builder.refreshThreads(intValue(threads, Properties.positive(threads, v))));
        properties.ifSet(prefix + "cluster-flight",
                v -> builder.clusterFlight(Properties.bool(prefix + "cluster-flight", v)));
        properties.ifSet(lease, v -> builder.leaseTime(Duration.ofMillis(Properties.positive(lease, v))));
        properties.ifSet(waiters, v -> builder.maxWaiters(intValue(waiters, Properties.positive(waiters, v))));
        properties.ifSet(prefix + "coder", v -> builder.coder(coder(prefix + "coder", v)));
        // the near cache: on or off per namespace; its bounds are the application's
        String near = prefix.equals("cachet.") ? "cachet.near.enabled" : prefix + "near";
        properties.ifSet(near, v -> builder.nearCache(Properties.bool(near, v)));
        if (prefix.equals("cachet.")) {
            properties.ifSet("cachet.near.max-entries", v -> builder.nearMaxEntries(intValue("cachet.near.max-entries",
                    Properties.positive("cachet.near.max-entries", v))));
            properties.ifSet("cachet.near.ttl-ms", v -> builder.nearTtl(Duration.ofMillis(
                    Properties.positive("cachet.near.ttl-ms", v))));
            properties.ifSet("cachet.near.heartbeat-ms", v -> builder.nearHeartbeat(Duration.ofMillis(
                    Properties.positive("cachet.near.heartbeat-ms", v))));
        }
        properties.ifSet(prefix + "key-builder", v -> builder.keyBuilder(
                (KeyBuilder) instance(prefix + "key-builder", v, KeyBuilder.class)));
        return builder.build();
    }

    /** A whole number that fits an {@code int}; a larger one is named, never wrapped or clipped. */
    private static int intValue(String name, long value) {
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be at most " + Integer.MAX_VALUE + ", but was " + value);
        }
        return (int) value;
    }

    /**
     * The names of every configured property starting with {@code prefix}: MicroProfile Config's,
     * the system properties and the environment ({@code CACHET_NAMESPACES_SESSIONS_BACKEND} is
     * {@code cachet.namespaces.sessions.backend}, lower-cased).
     */
    public static java.util.Set<String> names(String prefix) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        if (MICROPROFILE_NAMES != null) {
            for (String name : MICROPROFILE_NAMES.get()) {
                if (name.startsWith(prefix)) {
                    names.add(name);
                }
            }
        }
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(prefix)) {
                names.add(name);
            }
        }
        String envPrefix = prefix.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        for (String name : System.getenv().keySet()) {
            if (name.startsWith(envPrefix)) {
                names.add(name.toLowerCase(Locale.ROOT).replace('_', '.'));
            }
        }
        return names;
    }

    /** The backend named by {@code cachet.backend} (default {@code memory}), configured from properties. */
    public static CacheBackend backend(Function<String, String> property, InstantSource clock) {
        return backend(property, clock, "cachet.backend");
    }

    /** Like {@link #backend(Function, InstantSource)}; {@code name} is the property a bad type is reported as. */
    static CacheBackend backend(Function<String, String> property, InstantSource clock, String name) {
        String type = property.apply("cachet.backend");
        String wanted = type == null ? "memory" : type.trim().toLowerCase(Locale.ROOT);
        Map<String, BackendFactory> known = factories();
        BackendFactory factory = known.get(wanted);
        if (factory == null) {
            throw new IllegalArgumentException(name + " must name an available backend " + known.keySet()
                    + ", but was '" + type + "' (is its cachet-" + wanted + " module on the class path?)");
        }
        return factory.create(property, clock);
    }

    /** The backend types on the class path ({@code memory}, {@code redis}...). */
    static java.util.Set<String> backendTypes() {
        return factories().keySet();
    }

    private static Map<String, BackendFactory> factories() {
        TreeMap<String, BackendFactory> known = new TreeMap<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (BackendFactory factory : ServiceLoader.load(BackendFactory.class,
                loader != null ? loader : Config.class.getClassLoader())) {
            known.putIfAbsent(factory.name(), factory);
        }
        return known;
    }

    private static Coder coder(String name, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "json" -> new JsonCoder();
            case "serialization", "java" -> new SerializationCoder();
            default -> (Coder) instance(name, value, Coder.class);
        };
    }

    private static Object instance(String name, String className, Class<?> expected) {
        try {
            Class<?> type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
            if (!expected.isAssignableFrom(type)) {
                throw new IllegalArgumentException(name + " must name a " + expected.getSimpleName()
                        + ", but '" + className + "' is not one");
            }
            return Instances.reflective(type);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(name + " names a class that cannot be loaded: '" + className + "'", e);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(name)) {
                throw e;
            }
            throw new IllegalArgumentException(name + ": '" + className + "' cannot be created: " + e.getMessage(), e);
        }
    }

    /** MicroProfile Config's property names, read reflectively. */
    private static java.util.function.Supplier<Iterable<String>> microProfileNames() {
        try {
            Class<?> provider = Class.forName("org.eclipse.microprofile.config.ConfigProvider");
            Method getConfig = provider.getMethod("getConfig");
            Method getPropertyNames = Class.forName("org.eclipse.microprofile.config.Config")
                    .getMethod("getPropertyNames");
            return () -> {
                try {
                    @SuppressWarnings("unchecked")
                    Iterable<String> names = (Iterable<String>) getPropertyNames.invoke(getConfig.invoke(null));
                    return names;
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return java.util.List.of();
                }
            };
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** Reads MicroProfile Config reflectively, so Cachet does not depend on it. */
    private static Function<String, String> microProfile() {
        try {
            Class<?> provider = Class.forName("org.eclipse.microprofile.config.ConfigProvider");
            Method getConfig = provider.getMethod("getConfig");
            Class<?> config = Class.forName("org.eclipse.microprofile.config.Config");
            Method getOptionalValue = config.getMethod("getOptionalValue", String.class, Class.class);
            return name -> {
                try {
                    Object optional = getOptionalValue.invoke(getConfig.invoke(null), name, String.class);
                    return ((java.util.Optional<?>) optional).map(Object::toString).orElse(null);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return null;
                }
            };
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
