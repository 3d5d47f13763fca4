package io.cachet.spi;

import io.cachet.internal.CachedInterceptor;
import io.cachet.internal.CachetExtension;
import io.cachet.internal.CachetProducer;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Extension;

import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /**
     * The application's bean of a settings class ({@code CacheSettings}, {@code HttpCacheSettings}),
     * or {@code null} when it produces none.
     *
     * @throws IllegalArgumentException when the bean has a normal scope: a settings class is final, so
     *     it has no client proxy, and Cachet reads it once anyway
     */
    public static <T> T settings(BeanManager beans, Class<T> type) {
        Set<Bean<?>> candidates = beans.getBeans(type);
        if (candidates.isEmpty()) {
            return null;
        }
        Bean<?> bean = beans.resolve(candidates);
        if (beans.isNormalScope(bean.getScope())) {
            throw new IllegalArgumentException("the " + type.getSimpleName() + " bean has a normal scope ("
                    + bean.getScope().getSimpleName() + "); produce it without one: @Dependent, the default, or"
                    + " @Singleton; Cachet reads it once");
        }
        return type.cast(beans.getReference(bean, type, beans.createCreationalContext(bean)));
    }

    /** The bean classes to add with it: the {@code @Cached} interceptor and the {@code Cachet} producer. */
    public static List<Class<?>> beanClasses() {
        return List.of(CachedInterceptor.class, CachetProducer.class);
    }
}
