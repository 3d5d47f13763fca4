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
    /** Every exclusion, with the reason on its line in src/test/resources/ExcludeList. */
    static final List<String> DOCUMENTED_EXCLUSIONS = List.of("org.jsr107.tck.CachingTest#dummyTest");

    @Test
    void excludeList_holdsExactlyTheDocumentedExclusions() throws IOException {
        try (InputStream in = TckGuardTest.class.getClassLoader().getResourceAsStream("ExcludeList")) {
            assertNotNull(in, "the ExcludeList the TCK reads");
            List<String> entries = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
            assertEquals(DOCUMENTED_EXCLUSIONS, entries);
        }
    }

    @Test
    void unwrapClasses_areNamed_soTheUnwrapTestsRun() throws ClassNotFoundException {
        assertEquals(CachetCacheManager.class, Class.forName(System.getProperty("javax.cache.CacheManager")));
        assertEquals(CachetCache.class, Class.forName(System.getProperty("javax.cache.Cache")));
        assertEquals(CachetEntry.class, Class.forName(System.getProperty("javax.cache.Cache.Entry")));
    }

    @Test
    void theProviderIsFound() {
        assertInstanceOf(CachetCachingProvider.class, Caching.getCachingProvider());
    }
}
