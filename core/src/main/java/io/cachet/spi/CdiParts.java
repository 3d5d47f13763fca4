package io.cachet.spi;

import io.cachet.internal.CachedInterceptor;
import io.cachet.internal.CachetExtension;
import io.cachet.internal.CachetProducer;
import jakarta.enterprise.inject.spi.Extension;

import java.util.List;
import java.util.Map;

/**
 * Cachet's CDI parts, for a container an application builds itself (Weld SE in tests, an embedded
 * server): in a Jakarta EE server, the jar's bean archive and its service file add them.
 */
public final class CdiParts {

    private CdiParts() {
    }

    /** The portable extension, configured as an application is: MicroProfile Config, system properties, environment. */
    public static Extension extension() {
        return new CachetExtension();
    }

    /** The portable extension, configured by {@code properties} alone. */
    public static Extension extension(Map<String, String> properties) {
        return new CachetExtension(properties);
    }

    /** The bean classes to add with it: the {@code @Cached} interceptor and the {@code Cachet} producer. */
    public static List<Class<?>> beanClasses() {
        return List.of(CachedInterceptor.class, CachetProducer.class);
    }
}
