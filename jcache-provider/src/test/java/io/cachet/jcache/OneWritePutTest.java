package io.cachet.jcache;

import io.cachet.memory.InMemoryBackend;
import io.cachet.spi.CacheBackend;
import io.cachet.testkit.CachetWeld;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A JCache {@code put} that nothing makes read the old entry is one store write. */
class OneWritePutTest {

    /** The real memory store, with its reads and writes counted (no behaviour changed). */
    static final io.cachet.testkit.CountingBackend STORE = new io.cachet.testkit.CountingBackend(InMemoryBackend.create());

    @ApplicationScoped
    public static class Store {
        @Produces
        @ApplicationScoped
        CacheBackend backend() {
            return STORE;
        }
    }

    /** Wants CREATED events, so a put must tell a creation from an update. */
    public static class Created implements CacheEntryCreatedListener<String, String> {
        @Override
        public void onCreated(Iterable<javax.cache.event.CacheEntryEvent<? extends String, ? extends String>> events) {
        }
    }

    @Test
    void put_withoutListeners_underEternalOrModifiedExpiry_isOneWrite_andNoRead() {
        try (WeldContainer weld = CachetWeld.weld(Store.class).initialize()) {
            CacheManager manager = Caching.getCachingProvider(CachetCachingProvider.class.getName())
                    .getCacheManager(URI.create("cachet:cdi"), getClass().getClassLoader());
            try {
                Cache<String, String> eternal = manager.createCache("eternal",
                        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
                Cache<String, String> modified = manager.createCache("modified",
                        new MutableConfiguration<String, String>().setTypes(String.class, String.class)
                                .setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(Duration.ONE_HOUR)));
                for (Cache<String, String> cache : java.util.List.of(eternal, modified)) {
                    int reads = STORE.reads.get();
                    int writes = STORE.writes.get();
                    cache.put("k", "v1");
                    cache.put("k", "v2");
                    assertEquals(reads, STORE.reads.get(), "no read before a put");
                    assertEquals(writes + 2, STORE.writes.get(), "one write per put");
                    assertEquals("v2", cache.get("k"));
                }
                Cache<String, String> listened = manager.createCache("listened",
                        new MutableConfiguration<String, String>().setTypes(String.class, String.class)
                                .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                                        FactoryBuilder.factoryOf(Created.class), null, false, true)));
                int reads = STORE.reads.get();
                listened.put("k", "v");
                assertEquals(reads + 1, STORE.reads.get(), "a listener's event needs the old entry");
            } finally {
                manager.close();
            }
        }
    }
}
