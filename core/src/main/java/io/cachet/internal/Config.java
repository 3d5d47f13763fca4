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
        Properties properties = new Properties(property);
        CacheSettings.Builder builder = CacheSettings.builder();
        properties.ifSet("cachet.prefix", builder::prefix);
        properties.ifSet("cachet.status-header", builder::statusHeader);
        properties.ifSet("cachet.enabled", v -> builder.enabled(Properties.bool("cachet.enabled", v)));
        properties.ifSet("cachet.fail-open", v -> builder.failOpen(Properties.bool("cachet.fail-open", v)));
        properties.ifSet("cachet.expire",
                v -> builder.defaultExpire(Duration.ofSeconds(Properties.positive("cachet.expire", v))));
        properties.ifSet("cachet.backend-timeout-ms",
                v -> builder.backendTimeout(Duration.ofMillis(Properties.positive("cachet.backend-timeout-ms", v))));
        properties.ifSet("cachet.lock-timeout-ms",
                v -> builder.lockTimeout(Duration.ofMillis(Properties.positive("cachet.lock-timeout-ms", v))));
        properties.ifSet("cachet.stale-while-revalidate", v -> builder.staleWhileRevalidate(
                Duration.ofSeconds(Properties.notNegative("cachet.stale-while-revalidate", v))));
        properties.ifSet("cachet.stale-if-error", v -> builder.staleIfError(
                Duration.ofSeconds(Properties.notNegative("cachet.stale-if-error", v))));
        properties.ifSet("cachet.refresh-threads", v -> builder.refreshThreads(
                (int) Math.min(Integer.MAX_VALUE, Properties.positive("cachet.refresh-threads", v))));
        properties.ifSet("cachet.cluster-flight", v -> builder.clusterFlight(Properties.bool("cachet.cluster-flight", v)));
        properties.ifSet("cachet.lease-ms",
                v -> builder.leaseTime(Duration.ofMillis(Properties.positive("cachet.lease-ms", v))));
        properties.ifSet("cachet.max-waiters", v -> builder.maxWaiters(
                (int) Math.min(Integer.MAX_VALUE, Properties.positive("cachet.max-waiters", v))));
        properties.ifSet("cachet.coder", v -> builder.coder(coder(v)));
        properties.ifSet("cachet.key-builder", v -> builder.keyBuilder(
                (KeyBuilder) instance("cachet.key-builder", v, KeyBuilder.class)));
        return builder.build();
    }

    /** The backend named by {@code cachet.backend} (default {@code memory}), configured from properties. */
    public static CacheBackend backend(Function<String, String> property, InstantSource clock) {
        String name = property.apply("cachet.backend");
        String wanted = name == null ? "memory" : name.toLowerCase(Locale.ROOT);
        TreeMap<String, BackendFactory> known = new TreeMap<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (BackendFactory factory : ServiceLoader.load(BackendFactory.class,
                loader != null ? loader : Config.class.getClassLoader())) {
            known.putIfAbsent(factory.name(), factory);
        }
        BackendFactory factory = known.get(wanted);
        if (factory == null) {
            throw new IllegalArgumentException("cachet.backend must name an available backend " + known.keySet()
                    + ", but was '" + name + "' (is its cachet-" + wanted + " module on the class path?)");
        }
        return factory.create(property, clock);
    }

    private static Coder coder(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "json" -> new JsonCoder();
            case "serialization", "java" -> new SerializationCoder();
            default -> (Coder) instance("cachet.coder", value, Coder.class);
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
