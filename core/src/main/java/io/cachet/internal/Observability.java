package io.cachet.internal;

import io.cachet.spi.Properties;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What Cachet reports, chosen at start from what the application has: Micrometer meters when
 * Micrometer is on the class path (the application's {@code MeterRegistry} bean, else Micrometer's
 * global registry), else JMX MXBeans ({@code cachet.metrics}: {@code auto}, {@code micrometer},
 * {@code jmx} or {@code off}); OpenTelemetry spans when its API is present (the application's
 * {@code OpenTelemetry} bean, else the global one; {@code cachet.tracing}: {@code auto} or {@code off}).
 * Micrometer and OpenTelemetry classes are loaded only after their API was found.
 */
final class Observability implements AutoCloseable {
    static final String METRICS = "cachet.metrics";
    static final String TRACING = "cachet.tracing";
    private static final String MICROMETER = "io.micrometer.core.instrument.MeterRegistry";
    private static final String OPENTELEMETRY = "io.opentelemetry.api.OpenTelemetry";

    private final List<AutoCloseable> parts = new ArrayList<>();
    private final CacheEngine engine;

    private Observability(CacheEngine engine) {
        this.engine = engine;
    }

    /**
     * Starts reporting for {@code engine}.
     *
     * @param beans the application's bean of a type, by class, or {@code null}
     * @throws IllegalArgumentException for a bad {@code cachet.metrics} or {@code cachet.tracing}
     */
    static Observability start(CacheEngine engine, Function<String, String> property, Function<Class<?>, Object> beans) {
        Properties properties = new Properties(property);
        String metrics = properties.oneOf(METRICS, "auto", "micrometer", "jmx", "off").orElse("auto");
        String tracing = properties.oneOf(TRACING, "auto", "off").orElse("auto");
        Observability started = new Observability(engine);
        try {
            started.bind(metrics, tracing, beans);
        } catch (RuntimeException | LinkageError e) {
            started.close(); // what was registered before the failure goes too
            throw e;
        }
        return started;
    }

    private void bind(String metrics, String tracing, Function<Class<?>, Object> beans) {
        Class<?> registryType = present(MICROMETER);
        if (metrics.equals("micrometer") && registryType == null) {
            throw new IllegalArgumentException(METRICS + "=micrometer, but Micrometer (io.micrometer:micrometer-core)"
                    + " is not on the application's class path; add it, or set " + METRICS + "=jmx");
        }
        RateLimitedLog log = engine.configuration().defaultStore().log();
        if (registryType != null && (metrics.equals("auto") || metrics.equals("micrometer"))) {
            Object registry = beans.apply(registryType);
            if (registry == null) {
                registry = io.micrometer.core.instrument.Metrics.globalRegistry;
            }
            parts.add(MicrometerMeters.bind(registry, engine.configuration()));
        } else if (metrics.equals("auto") || metrics.equals("jmx")) {
            parts.add(JmxStatistics.register(engine.configuration(), log));
        }
        Class<?> openTelemetryType = present(OPENTELEMETRY);
        if (openTelemetryType != null && tracing.equals("auto")) {
            Object openTelemetry = beans.apply(openTelemetryType);
            engine.tracer(new OpenTelemetryTracer(openTelemetry != null ? openTelemetry : OpenTelemetryTracer.global()));
        }
    }

    /** The class if its API is on Cachet's class path, else {@code null}. */
    static Class<?> present(String className) {
        try {
            return Class.forName(className, false, Observability.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    @Override
    public void close() {
        engine.tracer(null);
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception ignored) {
                // the rest still close
            }
        }
    }
}
