package io.cachet.jcache.annotation;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Singleton;

import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import java.lang.annotation.Annotation;

/**
 * Makes JSR-107's annotations interceptor bindings in a Jakarta CDI container: cache-api marks
 * their members with {@code javax.enterprise.util.Nonbinding}, which Jakarta CDI does not read, so
 * every member is re-marked {@code jakarta.enterprise.util.Nonbinding} here. It also registers
 * {@link AnnotationPlans}, which the interceptors use.
 */
public class AnnotationsExtension implements Extension {

    void addPlans(@Observes AfterBeanDiscovery event, BeanManager beans) {
        event.<AnnotationPlans>addBean().beanClass(AnnotationPlans.class)
                .types(AnnotationPlans.class, Object.class).scope(Singleton.class)
                .createWith(creation -> new AnnotationPlans(beans))
                .destroyWith((plans, creation) -> plans.close());
    }

    void register(@Observes BeforeBeanDiscovery event) {
        for (Class<? extends Annotation> binding : java.util.List.of(CacheResult.class, CachePut.class,
                CacheRemove.class, CacheRemoveAll.class)) {
            event.configureInterceptorBinding(binding).methods()
                    .forEach(member -> member.add(Nonbinding.Literal.INSTANCE));
        }
    }
}
