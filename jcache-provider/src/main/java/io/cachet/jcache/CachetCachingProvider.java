package io.cachet.jcache;

import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;

/**
 * Cachet as a JSR-107 {@link CachingProvider}: {@code Caching.getCachingProvider()} finds it. The
 * cache manager's URI picks the store (see {@link Backends}).
 */
public final class CachetCachingProvider implements CachingProvider {
    /**
     * {@code cachet:memory}, unless {@code cachet.jcache.uri} (MicroProfile Config, a system
     * property, or {@code CACHET_JCACHE_URI}) names another store.
     */
    static final URI DEFAULT_URI = defaultUri();

    private static URI defaultUri() {
        String configured = io.cachet.spi.Properties.configured().value("cachet.jcache.uri");
        String uri = configured == null || configured.isBlank() ? "cachet:memory" : configured.trim();
        try {
            return new URI(uri);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("cachet.jcache.uri must be a URI such as cachet:memory or"
                    + " redis://host:6379, but was '" + uri + "'", e);
        }
    }

    private final Map<ClassLoader, Map<URI, CachetCacheManager>> managers = new WeakHashMap<>();

    @Override
    public synchronized CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
        URI managerUri = uri == null ? getDefaultURI() : uri;
        ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
        Map<URI, CachetCacheManager> byUri = managers.computeIfAbsent(loader, l -> new HashMap<>());
        CachetCacheManager manager = byUri.get(managerUri);
        if (manager == null || manager.isClosed()) {
            manager = new CachetCacheManager(this, managerUri, loader,
                    properties == null ? new Properties() : properties);
            byUri.put(managerUri, manager);
        }
        return manager;
    }

    @Override
    public ClassLoader getDefaultClassLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : CachetCachingProvider.class.getClassLoader();
    }

    @Override
    public URI getDefaultURI() {
        return DEFAULT_URI;
    }

    @Override
    public Properties getDefaultProperties() {
        return new Properties();
    }

    @Override
    public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
        return getCacheManager(uri, classLoader, getDefaultProperties());
    }

    @Override
    public CacheManager getCacheManager() {
        return getCacheManager(getDefaultURI(), getDefaultClassLoader());
    }

    @Override
    public synchronized void close() {
        for (Map<URI, CachetCacheManager> byUri : managers.values()) {
            for (CachetCacheManager manager : byUri.values()) {
                manager.close();
            }
        }
        managers.clear();
    }

    @Override
    public synchronized void close(ClassLoader classLoader) {
        Map<URI, CachetCacheManager> byUri = managers.remove(classLoader == null ? getDefaultClassLoader() : classLoader);
        if (byUri != null) {
            byUri.values().forEach(CachetCacheManager::close);
        }
    }

    @Override
    public synchronized void close(URI uri, ClassLoader classLoader) {
        Map<URI, CachetCacheManager> byUri = managers.get(classLoader == null ? getDefaultClassLoader() : classLoader);
        if (byUri != null) {
            CachetCacheManager manager = byUri.remove(uri == null ? getDefaultURI() : uri);
            if (manager != null) {
                manager.close();
            }
        }
    }

    synchronized void forget(CachetCacheManager manager) {
        Map<URI, CachetCacheManager> byUri = managers.get(manager.getClassLoader());
        if (byUri != null) {
            byUri.remove(manager.getURI(), manager);
        }
    }

    @Override
    /**
     * Store-by-reference needs a store in this JVM: supported when the default URI's store is
     * local ({@code cachet:memory}, or a memory store named by configuration or CDI). A cache
     * configured by reference on a remote store holds its values by value.
     */
    public boolean isSupported(OptionalFeature feature) {
        return feature == OptionalFeature.STORE_BY_REFERENCE && Backends.isLocal(getDefaultURI());
    }
}
