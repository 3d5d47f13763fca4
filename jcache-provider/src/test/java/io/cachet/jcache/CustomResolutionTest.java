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
}
