package io.cachet.spi;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads {@code cachet.*} configuration properties into settings, naming each property once:
 * {@code p.millis("timeout-ms").ifPresent(builder::timeout)}. Every bad value is reported the same
 * way, as a {@link ConfigurationException} with the property's full name, what it must be and the
 * value it had; so is an {@link IllegalArgumentException} thrown by the setter a value is handed to.
 *
 * <p>{@link #configured()} reads the application's configuration: MicroProfile Config when present,
 * else system properties, else environment variables ({@code cachet.redis.address} is also read as
 * {@code CACHET_REDIS_ADDRESS}).
 */
public final class Properties {
    private static final Function<String, String> MICROPROFILE = microProfile();
    private static final Supplier<Iterable<String>> MICROPROFILE_NAMES = microProfileNames();
    private static final Properties CONFIGURED = new Properties(Properties::configuredValue);

    private final Function<String, String> source;
    private final String prefix;

    /** {@code source} returns a property's value by its full name, or {@code null} when it is not set. */
    public Properties(Function<String, String> source) {
        this(source, "");
    }

    private Properties(Function<String, String> source, String prefix) {
        this.source = source;
        this.prefix = prefix;
    }

    /** The application's configuration: MicroProfile Config, else system properties, else the environment. */
    public static Properties configured() {
        return CONFIGURED;
    }

    /** {@code first} (a filter's init parameters, a JCache URI's properties), falling back to {@link #configured()}. */
    public static Properties configured(Function<String, String> first) {
        return new Properties(name -> {
            String value = first.apply(name);
            return value != null && !value.isBlank() ? value : configuredValue(name);
        });
    }

    /**
     * The names of every configured property starting with {@code prefix}: MicroProfile Config's,
     * the system properties and the environment ({@code CACHET_NAMESPACES_SESSIONS_BACKEND} is
     * {@code cachet.namespaces.sessions.backend}, lower-cased).
     */
    public static Set<String> configuredNames(String prefix) {
        TreeSet<String> names = new TreeSet<>();
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
        String envPrefix = environmentName(prefix);
        for (String name : System.getenv().keySet()) {
            if (name.startsWith(envPrefix)) {
                names.add(name.toLowerCase(Locale.ROOT).replace('_', '.'));
            }
        }
        return names;
    }

    /** These properties with {@code prefix} before every name: {@code under("cachet.redis.").text("address")}. */
    public Properties under(String prefix) {
        return new Properties(source, this.prefix + prefix);
    }

    /** The full name of {@code name}: the prefixes of {@link #under} and {@code name}. */
    public String name(String name) {
        return prefix + name;
    }

    /** The source by full property names, for a {@link BackendFactory}. */
    public Function<String, String> source() {
        return source;
    }

    /** The trimmed value of {@code name}, or {@code null} when unset or blank. */
    public String value(String name) {
        String value = source.apply(prefix + name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Any text. */
    public Property<String> text(String name) {
        return parsed(name, null, value -> value);
    }

    /** {@code true} or {@code false}, any case. */
    public Property<Boolean> bool(String name) {
        return parsed(name, "true or false", value -> {
            if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(value);
            }
            throw new IllegalArgumentException();
        });
    }

    /** One of {@code allowed}, any case; the value is lower-cased. */
    public Property<String> oneOf(String name, String... allowed) {
        List<String> choices = List.of(allowed);
        return parsed(name, "one of " + choices, value -> {
            String wanted = value.toLowerCase(Locale.ROOT);
            if (!choices.contains(wanted)) {
                throw new IllegalArgumentException();
            }
            return wanted;
        });
    }

    /** A whole number. */
    public Property<Long> wholeNumber(String name) {
        return parsed(name, "a whole number", Long::parseLong);
    }

    /** A whole number, zero or more. */
    public Property<Long> notNegative(String name) {
        return parsed(name, "a whole number, zero or more", value -> atLeast(Long.parseLong(value), 0));
    }

    /** A whole number above zero. */
    public Property<Long> positive(String name) {
        return parsed(name, "a positive whole number", value -> atLeast(Long.parseLong(value), 1));
    }

    /** A whole number that fits an {@code int} (a larger one is named, never wrapped); its setter checks the rest. */
    public Property<Integer> integer(String name) {
        return integer(name, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** A whole number from {@code min} to {@code max}: a value beyond an {@code int} is named, never wrapped. */
    public Property<Integer> integer(String name, int min, int max) {
        return parsed(name, "a whole number from " + min + " to " + max,
                value -> Math.toIntExact(atMost(atLeast(Long.parseLong(value), min), max)));
    }

    /** A positive whole number of milliseconds. */
    public Property<Duration> millis(String name) {
        return positive(name).map(Duration::ofMillis);
    }

    /** A positive whole number of seconds. */
    public Property<Duration> seconds(String name) {
        return positive(name).map(Duration::ofSeconds);
    }

    /** A whole number of seconds, zero or more. */
    public Property<Duration> secondsOrZero(String name) {
        return notNegative(name).map(Duration::ofSeconds);
    }

    /** A comma-separated list, blank items dropped. */
    public Property<List<String>> list(String name) {
        return parsed(name, null, value -> java.util.Arrays.stream(value.split(",")).map(String::trim)
                .filter(item -> !item.isEmpty()).toList());
    }

    /**
     * Two properties that only make sense together, such as a user name and a password: when
     * either is set, {@code setter} gets both (the unset one as {@code null}); an
     * {@link IllegalArgumentException} it throws is named by the property that is set.
     */
    public void ifEitherPresent(String first, String second, java.util.function.BiConsumer<String, String> setter) {
        String one = value(first);
        String other = value(second);
        if (one != null || other != null) {
            text(one != null ? first : second).ifPresent(ignored -> setter.accept(one, other));
        }
    }

    /**
     * A value {@code parse} makes of the text; any exception it throws is reported as the property
     * having to be {@code expected} (when {@code null}, its message says what is wrong).
     */
    public <T> Property<T> parsed(String name, String expected, Function<String, T> parse) {
        String full = prefix + name;
        String raw = value(name);
        if (raw == null) {
            return new Property<>(full, null, null);
        }
        try {
            return new Property<>(full, raw, parse.apply(raw));
        } catch (ConfigurationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw expected != null
                    ? new ConfigurationException(full, full + " must be " + expected + ", but was '" + raw + "'", e)
                    : failure(full, raw, e);
        }
    }

    private static long atLeast(long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException();
        }
        return value;
    }

    private static long atMost(long value, long max) {
        if (value > max) {
            throw new IllegalArgumentException();
        }
        return value;
    }

    private static ConfigurationException failure(String name, String raw, RuntimeException e) {
        return e instanceof ConfigurationException named ? named
                : new ConfigurationException(name, name + ": " + e.getMessage() + " (was '" + raw + "')", e);
    }

    /** A property's value, when it is set; {@link #ifPresent} hands it on. */
    public static final class Property<T> {
        private final String name;
        private final String raw;
        private final T value;

        private Property(String name, String raw, T value) {
            this.name = name;
            this.raw = raw;
            this.value = value;
        }

        /** The property's full name. */
        public String name() {
            return name;
        }

        public boolean isPresent() {
            return raw != null;
        }

        /** The value, or {@code fallback} when the property is not set. */
        public T orElse(T fallback) {
            return raw != null ? value : fallback;
        }

        public Optional<T> toOptional() {
            return Optional.ofNullable(raw != null ? value : null);
        }

        /**
         * Hands the value, when set, to {@code setter}; an {@link IllegalArgumentException} it
         * throws is re-thrown as a {@link ConfigurationException} naming the property and the value.
         */
        public void ifPresent(Consumer<? super T> setter) {
            if (raw == null) {
                return;
            }
            try {
                setter.accept(value);
            } catch (IllegalArgumentException e) {
                throw failure(name, raw, e);
            }
        }

        /** This value made into another; an {@link IllegalArgumentException} is reported like {@link #ifPresent}'s. */
        public <R> Property<R> map(Function<? super T, ? extends R> mapping) {
            if (raw == null) {
                return new Property<>(name, null, null);
            }
            try {
                return new Property<>(name, raw, mapping.apply(value));
            } catch (IllegalArgumentException e) {
                throw failure(name, raw, e);
            }
        }
    }

    private static String configuredValue(String name) {
        String value = MICROPROFILE == null ? null : MICROPROFILE.apply(name);
        if (value == null) {
            value = System.getProperty(name);
        }
        if (value == null) {
            value = System.getenv(environmentName(name));
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String environmentName(String name) {
        return name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** MicroProfile Config's property names, read reflectively. */
    private static Supplier<Iterable<String>> microProfileNames() {
        try {
            Method getConfig = Class.forName("org.eclipse.microprofile.config.ConfigProvider").getMethod("getConfig");
            Method getPropertyNames = Class.forName("org.eclipse.microprofile.config.Config")
                    .getMethod("getPropertyNames");
            return () -> {
                try {
                    @SuppressWarnings("unchecked")
                    Iterable<String> names = (Iterable<String>) getPropertyNames.invoke(getConfig.invoke(null));
                    return names;
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return List.of();
                }
            };
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** Reads MicroProfile Config reflectively, so Cachet does not depend on it. */
    private static Function<String, String> microProfile() {
        try {
            Method getConfig = Class.forName("org.eclipse.microprofile.config.ConfigProvider").getMethod("getConfig");
            Method getOptionalValue = Class.forName("org.eclipse.microprofile.config.Config")
                    .getMethod("getOptionalValue", String.class, Class.class);
            return name -> {
                try {
                    Object optional = getOptionalValue.invoke(getConfig.invoke(null), name, String.class);
                    return ((Optional<?>) optional).map(Object::toString).orElse(null);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return null;
                }
            };
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
