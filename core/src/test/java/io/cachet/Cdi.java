package io.cachet;

import io.cachet.spi.CdiParts;
import io.cachet.spi.CacheBackend;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.junit.MockBean;
import org.jboss.weld.junit5.WeldInitiator;

/** Starts Weld with Cachet, the given beans, settings and a real backend. */
final class Cdi {
    private Cdi() {
    }

    static Weld weld(Class<?>... beans) {
        return WeldInitiator.createWeld()
                .addBeanClasses(beans)
                .addBeanClasses(CdiParts.beanClasses().toArray(Class<?>[]::new))
                .addExtension(CdiParts.extension());
    }

    static WeldInitiator with(CacheSettings settings, CacheBackend backend, Class<?>... beans) {
        return WeldInitiator.from(weld(beans))
                .addBeans(MockBean.of(settings, CacheSettings.class), MockBean.of(backend, CacheBackend.class))
                .build();
    }
}
