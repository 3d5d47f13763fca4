package io.cachet.spi;

import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Creates a backend from configuration properties; found with {@link java.util.ServiceLoader}
 * and chosen by {@code cachet.backend=<name()>}.
 */
public interface BackendFactory {

    /** The name users select this backend by, such as {@code "redis"}. */
    String name();

    /**
     * Creates the backend. {@code property} returns the configured value of a full property
     * name (such as {@code "cachet.redis.address"}) or {@code null}. Throw
     * {@link IllegalArgumentException} naming the property and the bad value on bad input
     * ({@link Properties} does).
     */
    CacheBackend create(Function<String, String> property, InstantSource clock);

    /** The backend {@code cachet.backend} names (default {@code memory}), configured from {@code property}. */
    static CacheBackend fromProperties(Function<String, String> property, InstantSource clock) {
        return fromProperties(property, clock, "cachet.backend");
    }

    /**
     * Like {@link #fromProperties(Function, InstantSource)}; an unknown type is reported as a bad
     * value of the property {@code reportedAs} (such as {@code cachet.stores.sessions.backend}).
     */
    static CacheBackend fromProperties(Function<String, String> property, InstantSource clock, String reportedAs) {
        String type = property.apply("cachet.backend");
        String wanted = type == null || type.isBlank() ? "memory" : type.trim().toLowerCase(Locale.ROOT);
        Map<String, BackendFactory> known = available();
        BackendFactory factory = known.get(wanted);
        if (factory == null) {
            throw new ConfigurationException(reportedAs, reportedAs + " must name an available backend "
                    + known.keySet() + ", but was '" + type + "' (is its cachet-" + wanted + " module on the class path?)");
        }
        return factory.create(property, clock);
    }

    /** The backend types on the class path by name ({@code memory}, {@code redis}...). */
    static Map<String, BackendFactory> available() {
        TreeMap<String, BackendFactory> known = new TreeMap<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (BackendFactory factory : ServiceLoader.load(BackendFactory.class,
                loader != null ? loader : BackendFactory.class.getClassLoader())) {
            known.putIfAbsent(factory.name(), factory);
        }
        return known;
    }

    /** The names of {@link #available()}. */
    static Set<String> types() {
        return available().keySet();
    }
}
