package io.cachet.testkit;

import io.cachet.CacheSettings;
import io.cachet.spi.CacheBackend;
import io.cachet.spi.CdiParts;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.junit5.WeldInitiator;

import java.util.Map;
import java.util.UUID;

/**
 * A Weld SE container with Cachet in it, for tests: Cachet's extension, interceptor and
 * {@code Cachet} producer ({@link CdiParts}), the test's beans, and the settings and store it gives, as the
 * application's beans would be. Tests use it instead of naming Cachet's internal classes.
 *
 * <pre>
 * &#64;CachetWeldTest
 * class CatalogTest {
 *     &#64;WeldSetup
 *     WeldInitiator weld = CachetWeld.initiator(settings, backend, Catalog.class);
 * </pre>
 *
 * Two containers in one JVM are two "nodes" ({@link #weld}, then {@code initialize()}).
 */
public final class CachetWeld {

    private CachetWeld() {
    }

    /**
     * A container builder; {@code settings} and {@code backend} become beans when not {@code null}
     * (else Cachet reads {@code properties}, as it reads an application's configuration).
     */
    public static Weld weld(Map<String, String> properties, CacheSettings settings, CacheBackend backend,
                            Class<?>... beans) {
        Weld weld = container(CdiParts.extension(properties), beans);
        if (settings != null || backend != null) {
            weld.addExtension(new Given(settings, backend));
        }
        return weld;
    }

    /** A container builder configured as an application is: MicroProfile Config, system properties, environment. */
    public static Weld weld(Class<?>... beans) {
        return container(CdiParts.extension(), beans);
    }

    private static Weld container(jakarta.enterprise.inject.spi.Extension cachet, Class<?>... beans) {
        return new Weld("cachet-" + UUID.randomUUID()).disableDiscovery()
                .addBeanClasses(beans)
                .addBeanClasses(CdiParts.beanClasses().toArray(Class<?>[]::new))
                .addExtension(cachet);
    }

    /** A container builder with these settings and store, and no other configuration. */
    public static Weld weld(CacheSettings settings, CacheBackend backend, Class<?>... beans) {
        return weld(Map.of(), settings, backend, beans);
    }

    /** For weld-junit5's {@code @WeldSetup}: the test instance's {@code @Inject} fields are the container's beans. */
    public static WeldInitiator initiator(CacheSettings settings, CacheBackend backend, Class<?>... beans) {
        return WeldInitiator.of(weld(settings, backend, beans));
    }

    /** For {@code @WeldSetup}, configured by {@code properties} alone. */
    public static WeldInitiator initiator(Map<String, String> properties, Class<?>... beans) {
        return WeldInitiator.of(weld(properties, null, null, beans));
    }

    /** Adds the given settings and store as dependent beans, as an application's producers would. */
    static final class Given implements Extension {
        private final CacheSettings settings;
        private final CacheBackend backend;

        Given(CacheSettings settings, CacheBackend backend) {
            this.settings = settings;
            this.backend = backend;
        }

        void add(@Observes AfterBeanDiscovery event) {
            if (settings != null) {
                event.addBean().addTransitiveTypeClosure(CacheSettings.class).scope(Dependent.class)
                        .createWith(context -> settings);
            }
            if (backend != null) {
                event.addBean().addType(CacheBackend.class).addType(Object.class).scope(Dependent.class)
                        .createWith(context -> backend);
            }
        }
    }
}
