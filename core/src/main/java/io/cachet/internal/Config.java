package io.cachet.internal;

import io.cachet.CacheSettings;
import io.cachet.Coder;
import io.cachet.KeyBuilder;
import io.cachet.coder.JsonCoder;
import io.cachet.coder.SerializationCoder;
import io.cachet.spi.Properties;

import java.util.Locale;
import java.util.function.Function;

/**
 * {@link CacheSettings} from {@code cachet.*} properties, when the application produces none, and
 * a namespace's own settings from {@code cachet.namespaces.<namespace>.*}.
 */
public final class Config {

    private Config() {
    }

    /** Settings from {@code cachet.*} properties; bad values are named in the exception. */
    public static CacheSettings settings(Function<String, String> property) {
        return settings(new Properties(property).under("cachet."), CacheSettings.builder(), true);
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
        return settings(new Properties(property).under("cachet.namespaces." + namespace + "."), base.toBuilder(), false);
    }

    /** Reads each setting from its property under {@code p} into {@code builder}. */
    private static CacheSettings settings(Properties p, CacheSettings.Builder builder, boolean global) {
        p.text("prefix").ifPresent(builder::prefix);
        p.text("status-header").ifPresent(builder::statusHeader);
        p.text("tag-header").ifPresent(builder::tagHeader);
        p.bool("enabled").ifPresent(builder::enabled);
        p.bool("fail-open").ifPresent(builder::failOpen);
        p.seconds("expire").ifPresent(builder::defaultExpire);
        p.millis("backend-timeout-ms").ifPresent(builder::backendTimeout);
        p.millis("lock-timeout-ms").ifPresent(builder::lockTimeout);
        p.secondsOrZero("stale-while-revalidate").ifPresent(builder::staleWhileRevalidate);
        p.secondsOrZero("stale-if-error").ifPresent(builder::staleIfError);
        p.integer("refresh-threads", 1, Integer.MAX_VALUE).ifPresent(builder::refreshThreads);
        p.bool("cluster-flight").ifPresent(builder::clusterFlight);
        p.millis("lease-ms").ifPresent(builder::leaseTime);
        p.integer("max-waiters", 1, Integer.MAX_VALUE).ifPresent(builder::maxWaiters);
        p.parsed("coder", null, Config::coder).ifPresent(builder::coder);
        p.parsed("key-builder", null, v -> (KeyBuilder) instance(v, KeyBuilder.class)).ifPresent(builder::keyBuilder);
        // the near cache: on or off per namespace; its bounds are the application's
        p.bool(global ? "near.enabled" : "near").ifPresent(builder::nearCache);
        if (global) {
            p.integer("near.max-entries", 1, Integer.MAX_VALUE).ifPresent(builder::nearMaxEntries);
            p.millis("near.ttl-ms").ifPresent(builder::nearTtl);
            p.millis("near.heartbeat-ms").ifPresent(builder::nearHeartbeat);
        }
        return builder.build();
    }

    private static Coder coder(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "json" -> new JsonCoder();
            case "serialization", "java" -> new SerializationCoder();
            default -> (Coder) instance(value, Coder.class);
        };
    }

    /** An instance of the class named {@code className}; what is wrong is said for the property to name. */
    private static Object instance(String className, Class<?> expected) {
        Class<?> type;
        try {
            type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("names a class that cannot be loaded", e);
        }
        if (!expected.isAssignableFrom(type)) {
            throw new IllegalArgumentException("must name a " + expected.getSimpleName() + ", and this class is not one");
        }
        try {
            return Instances.reflective(type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot be created: " + e.getMessage(), e);
        }
    }
}
