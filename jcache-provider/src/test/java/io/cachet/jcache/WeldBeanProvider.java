package io.cachet.jcache;

import io.cachet.jcache.annotation.AnnotationsExtension;
import io.cachet.jcache.annotation.CachePutInterceptor;
import io.cachet.jcache.annotation.CacheRemoveAllInterceptor;
import io.cachet.jcache.annotation.CacheRemoveInterceptor;
import io.cachet.jcache.annotation.CacheResultInterceptor;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

import javax.cache.annotation.BeanProvider;

/**
 * The TCK's {@code BeanProvider}: its blog managers as CDI beans in Weld, with Cachet's JSR-107
 * annotation interceptors and extension, so the 12 annotation tests exercise them.
 */
public final class WeldBeanProvider implements BeanProvider {
    private static WeldContainer container;

    private static synchronized WeldContainer container() {
        if (container == null) {
            container = new Weld("cachet-jcache-tck").disableDiscovery()
                    .addBeanClasses(manager.ClassLevelCacheConfigBlogManagerImpl.class,
                            manager.CacheNameOnEachMethodBlogManagerImpl.class,
                            manager.UsingDefaultCacheNameBlogManagerImpl.class,
                            CacheResultInterceptor.class, CachePutInterceptor.class, CacheRemoveInterceptor.class,
                            CacheRemoveAllInterceptor.class)
                    .addExtension(new AnnotationsExtension())
                    .initialize();
        }
        return container;
    }

    @Override
    public <T> T getBeanByType(Class<T> type) {
        return container().select(type).get();
    }
}
