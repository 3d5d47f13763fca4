package io.cachet.jcache;

import io.cachet.jcache.annotation.AnnotationsExtension;
import io.cachet.jcache.annotation.CachePutInterceptor;
import io.cachet.jcache.annotation.CacheRemoveAllInterceptor;
import io.cachet.jcache.annotation.CacheRemoveInterceptor;
import io.cachet.jcache.annotation.CacheResultInterceptor;
import io.cachet.jcache.annotation.CachetGeneratedCacheKey;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.GeneratedCacheKey;
import javax.cache.configuration.MutableConfiguration;
import java.lang.annotation.Annotation;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Application key generators and cache resolvers named by the JSR-107 annotations are used. */
class CustomResolutionTest {

    /** Keys by the lower-cased first parameter. */
    public static final class CaseInsensitiveKeys implements CacheKeyGenerator {
        @Override
        public GeneratedCacheKey generateCacheKey(CacheKeyInvocationContext<? extends Annotation> context) {
            return new CachetGeneratedCacheKey(new Object[] {
                    String.valueOf(context.getKeyParameters()[0].getValue()).toLowerCase(Locale.ROOT)});
        }
    }

    /** Always the cache "resolved-here". */
    public static final class FixedCacheFactory implements CacheResolverFactory {
        @Override
        public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
            return new CacheResolver() {
                @Override
                public <K, V> Cache<K, V> resolveCache(CacheInvocationContext<? extends Annotation> context) {
                    CacheManager manager = Caching.getCachingProvider().getCacheManager();
                    Cache<K, V> cache = manager.getCache("resolved-here");
                    return cache != null ? cache : manager.createCache("resolved-here", new MutableConfiguration<>());
                }
            };
        }

        @Override
        public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
            return getCacheResolver(details);
        }
    }

    @ApplicationScoped
    public static class Names {
        final AtomicInteger calls = new AtomicInteger();

        @CacheResult(cacheName = "names", cacheKeyGenerator = CaseInsensitiveKeys.class)
        public String normalize(String name) {
            calls.incrementAndGet();
            return name.toLowerCase(Locale.ROOT);
        }

        @CacheResult(cacheResolverFactory = FixedCacheFactory.class)
        public String routed(String name) {
            return "routed " + name;
        }

        int calls() {
            return calls.get();
        }
    }

    @Test
    void customKeyGeneratorAndCacheResolver_areUsed() {
        try (WeldContainer weld = new Weld().disableDiscovery()
                .addBeanClasses(Names.class, CacheResultInterceptor.class, CachePutInterceptor.class,
                        CacheRemoveInterceptor.class, CacheRemoveAllInterceptor.class)
                .addExtension(new AnnotationsExtension()).initialize()) {
            Names names = weld.select(Names.class).get();
            assertEquals("ada", names.normalize("Ada"));
            assertEquals("ada", names.normalize("ADA"), "the same key, by the application's generator");
            assertEquals(1, names.calls());
            names.routed("x");
            Cache<Object, Object> resolved = Caching.getCachingProvider().getCacheManager().getCache("resolved-here");
            assertNotNull(resolved);
            assertEquals("routed x", resolved.get(new CachetGeneratedCacheKey(new Object[] {"x"})));
        }
    }

    /** A bean the generator and the factory below get injected. */
    @ApplicationScoped
    public static class Tenant {
        String id() {
            return "acme";
        }
    }

    /** A key generator that is a CDI bean: keys carry the injected tenant. */
    @ApplicationScoped
    public static class TenantKeys implements CacheKeyGenerator {
        @jakarta.inject.Inject
        Tenant tenant;

        @Override
        public GeneratedCacheKey generateCacheKey(CacheKeyInvocationContext<? extends Annotation> context) {
            return new CachetGeneratedCacheKey(new Object[] {tenant.id(), context.getKeyParameters()[0].getValue()});
        }
    }

    /** A resolver factory that is a CDI bean: one cache per tenant, exceptions in their own. */
    @ApplicationScoped
    public static class TenantCaches implements CacheResolverFactory {
        final AtomicInteger resolversMade = new AtomicInteger();

        @jakarta.inject.Inject
        Tenant tenant;

        @Override
        public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
            resolversMade.incrementAndGet();
            return resolverFor("orders-" + tenant.id());
        }

        @Override
        public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
            return resolverFor(details.getCacheAnnotation().exceptionCacheName() + "-" + tenant.id());
        }

        int resolversMade() {
            return resolversMade.get();
        }

        private static CacheResolver resolverFor(String name) {
            return new CacheResolver() {
                @Override
                public <K, V> Cache<K, V> resolveCache(CacheInvocationContext<? extends Annotation> context) {
                    CacheManager manager = Caching.getCachingProvider().getCacheManager();
                    Cache<K, V> cache = manager.getCache(name);
                    return cache != null ? cache : manager.createCache(name, new MutableConfiguration<>());
                }
            };
        }
    }

    @ApplicationScoped
    public static class Orders {
        final AtomicInteger calls = new AtomicInteger();

        @CacheResult(cacheKeyGenerator = TenantKeys.class, cacheResolverFactory = TenantCaches.class,
                exceptionCacheName = "order-failures")
        public String order(String id) {
            calls.incrementAndGet();
            if (id.startsWith("bad")) {
                throw new IllegalArgumentException("no order " + id);
            }
            return "order " + id;
        }

        int calls() {
            return calls.get();
        }
    }

    @Test
    void keyGeneratorAndResolverFactory_thatAreCdiBeans_areUsedWithTheirInjections_andResolvedOncePerMethod() {
        try (WeldContainer weld = new Weld().disableDiscovery()
                .addBeanClasses(Orders.class, Tenant.class, TenantKeys.class, TenantCaches.class,
                        CacheResultInterceptor.class, CachePutInterceptor.class, CacheRemoveInterceptor.class,
                        CacheRemoveAllInterceptor.class)
                .addExtension(new AnnotationsExtension()).initialize()) {
            Orders orders = weld.select(Orders.class).get();
            assertEquals("order 7", orders.order("7"));
            assertEquals("order 7", orders.order("7"));
            assertEquals(1, orders.calls());
            CacheManager manager = Caching.getCachingProvider().getCacheManager();
            assertEquals("order 7", manager.getCache("orders-acme")
                    .get(new CachetGeneratedCacheKey(new Object[] {"acme", "7"})));
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> orders.order("bad1"));
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> orders.order("bad1"));
            assertEquals(2, orders.calls(), "the second failure came from the exception cache");
            assertNotNull(manager.getCache("order-failures-acme"));
            assertEquals(1, weld.select(TenantCaches.class).get().resolversMade());
            manager.destroyCache("orders-acme");
            manager.destroyCache("order-failures-acme");
        }
    }
}
