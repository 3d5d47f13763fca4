package io.cachet.jcache;

import org.junit.jupiter.api.Test;

import javax.cache.Caching;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The TCK counts an excluded test as passed, and silently skips its unwrap tests when the
 * implementation classes are not named: this checks both, so a green TCK run means every test ran.
 */
class TckGuardTest {
    /**
     * How many lines each store's exclude list has, as the README's table documents: only the
     * TCK's own dummyTest, except on Memcached, which cannot list keys (the reasons are in
     * src/test/resources/ExcludeList_memcached).
     */
    static final java.util.Map<String, Integer> DOCUMENTED_EXCLUSIONS =
            java.util.Map.of("memory", 1, "redis", 1, "dynamodb", 1, "memcached", 25);

    @Test
    void excludeList_holdsExactlyTheDocumentedExclusions() throws IOException {
        String store = System.getProperty("cachet.tck.store", "memory");
        String resource = System.getProperty("ExcludeList", "ExcludeList");
        try (InputStream in = TckGuardTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, "the exclude list the TCK reads: " + resource);
            List<String> entries = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
            assertEquals(DOCUMENTED_EXCLUSIONS.get(store), entries.size(), "exclusions for " + store + ": " + entries);
            assertEquals("org.jsr107.tck.CachingTest#dummyTest", entries.get(0));
        }
    }

    @Test
    void unwrapClasses_areNamed_soTheUnwrapTestsRun() throws ClassNotFoundException {
        assertEquals(CachetCacheManager.class, Class.forName(System.getProperty("javax.cache.CacheManager")));
        assertEquals(CachetCache.class, Class.forName(System.getProperty("javax.cache.Cache")));
        assertEquals(CachetEntry.class, Class.forName(System.getProperty("javax.cache.Cache.Entry")));
    }

    /** The TCK skips its 12 annotation tests, as passed, when no BeanProvider loads or nothing intercepts. */
    @Test
    void annotationTests_haveABeanProvider_whoseBeansAreIntercepted() {
        javax.cache.annotation.BeanProvider provider = java.util.ServiceLoader
                .load(javax.cache.annotation.BeanProvider.class).findFirst().orElseThrow();
        manager.BlogManager blogs = provider.getBeanByType(manager.ClassLevelCacheConfigBlogManagerImpl.class);
        blogs.createEntry(new domain.Blog("guard", "body"));
        assertNotNull(blogs.getEntryCached("guard"));
        blogs.clearEntry("guard"); // gone from the manager's map, not from the cache
        assertNotNull(blogs.getEntryCached("guard"), "@CacheResult was intercepted");
        blogs.clearCache();
    }

    /** The TCK skips its store-by-reference tests, as passed, where the feature is unsupported. */
    @Test
    void storeByReference_isSupportedExactlyOnTheLocalStore_soItsTestsRunThere() {
        String store = System.getProperty("cachet.tck.store", "memory");
        assertEquals(store.equals("memory"),
                Caching.getCachingProvider().isSupported(javax.cache.configuration.OptionalFeature.STORE_BY_REFERENCE));
    }

    @Test
    void theProviderIsFound() {
        assertInstanceOf(CachetCachingProvider.class, Caching.getCachingProvider());
    }
}
