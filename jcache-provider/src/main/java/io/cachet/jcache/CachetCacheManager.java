package io.cachet.jcache;

import io.cachet.CacheSettings;
import io.cachet.coder.SerializationCoder;
import io.cachet.spi.GuardedStore;
import io.cachet.spi.CacheBackend;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.time.InstantSource;

/** A JCache {@link CacheManager} over one Cachet backend; its caches are namespaces of that store. */
public final class CachetCacheManager implements CacheManager {
    private final CachetCachingProvider provider;
    private final URI uri;
    private final ClassLoader classLoader;
    private final Properties properties;
    private final GuardedStore backend;
    private final boolean ownsBackend;
    private final boolean failOpen;
    private final InstantSource clock;
    private final List<String> allowedClasses;
    private final Map<String, CachetCache<?, ?>> caches = new ConcurrentHashMap<>();
    private volatile boolean closed;

    CachetCacheManager(CachetCachingProvider provider, URI uri, ClassLoader classLoader, Properties properties) {
        this.provider = provider;
        this.uri = uri;
        this.classLoader = classLoader;
        this.properties = properties;
        // A properties file (class path, file:, jar:, vfs:) says which store and settings, as an ehcache.xml does;
        // the manager's own properties override it.
        Properties file = Backends.configurationFile(uri, classLoader);
        Properties effective = new Properties();
        if (file != null) {
            effective.putAll(file);
        }
        effective.putAll(properties);
        URI storeUri = file == null ? uri : Backends.storeUri(uri, file);
        io.cachet.spi.Properties property = io.cachet.spi.Properties.configured(effective::getProperty);
        this.clock = effective.get(CLOCK) instanceof InstantSource given ? given : InstantSource.system();
        // The guard reads only the timeout and the clock: no JSON coder (a plain JCache application may have no JSON-B).
        CacheSettings.Builder guard = CacheSettings.builder().clock(clock)
                .coder(new SerializationCoder(List.of()));
        property.millis(TIMEOUT).ifPresent(guard::backendTimeout);
        CacheSettings settings = guard.build();
        Object given = effective.get(STORE);
        if (given != null && !(given instanceof CacheBackend)) {
            throw new IllegalArgumentException(STORE + " must be a " + CacheBackend.class.getName() + ", but is a "
                    + given.getClass().getName());
        }
        this.backend = GuardedStore.of(given != null ? (CacheBackend) given
                : Backends.forUri(storeUri, effective, clock), settings);
        this.ownsBackend = given == null && Backends.owned(storeUri);
        this.failOpen = property.bool(FAIL_OPEN).orElse(true);
        this.allowedClasses = ValueCodec.patterns(property.value(SerializationCoder.ALLOW_PROPERTY));
    }

    /**
     * {@code cachet.jcache.fail-open} (default {@code true}): a store failure is a miss, and a failed
     * write or removal is logged and counted, as Ehcache's default resilience strategy does;
     * {@code false}: a {@link CacheException} after {@code cachet.backend-timeout-ms}.
     */
    public static final String FAIL_OPEN = "cachet.jcache.fail-open";

    /** How long a JCache call waits for the store, in milliseconds (default 500), as for {@code @Cached}. */
    public static final String TIMEOUT = "cachet.backend-timeout-ms";

    /**
     * A manager property whose value is a {@link CacheBackend} the application built: the manager
     * uses it (and never closes it), and the URI only names the manager. Two managers given one
     * store share its entries, as two JVMs over one Redis do.
     */
    public static final String STORE = "cachet.store";

    /** A manager property whose value is a {@link InstantSource}: the clock expiry is measured by (tests). */
    public static final String CLOCK = "cachet.clock";

    boolean failOpen() {
        return failOpen;
    }

    InstantSource clock() {
        return clock;
    }

    List<String> allowedClasses() {
        return allowedClasses;
    }

    @Override
    public CachingProvider getCachingProvider() {
        return provider;
    }

    @Override
    public URI getURI() {
        return uri;
    }

    @Override
    public ClassLoader getClassLoader() {
        return classLoader;
    }

    @Override
    public Properties getProperties() {
        return properties;
    }

    @Override
    public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
        ensureOpen();
        Objects.requireNonNull(cacheName, "cacheName");
        Objects.requireNonNull(configuration, "configuration");
        MutableConfiguration<K, V> copy = configuration instanceof CompleteConfiguration<K, V> complete
                ? new MutableConfiguration<>(complete)
                : new MutableConfiguration<K, V>().setTypes(configuration.getKeyType(), configuration.getValueType())
                        .setStoreByValue(configuration.isStoreByValue());
        CachetCache<K, V> created = new CachetCache<>(this, cacheName, copy, backend);
        if (caches.putIfAbsent(cacheName, created) != null) {
            throw new CacheException("a cache named " + cacheName + " exists already");
        }
        created.registerMXBeans();
        return created;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
        ensureOpen();
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
        CachetCache<?, ?> cache = caches.get(Objects.requireNonNull(cacheName, "cacheName"));
        if (cache == null) {
            return null;
        }
        Configuration<?, ?> configuration = cache.getConfiguration(CompleteConfiguration.class);
        if (configuration.getKeyType() != keyType) {
            throw new ClassCastException("cache " + cacheName + " has key type " + configuration.getKeyType().getName()
                    + ", not " + keyType.getName());
        }
        if (configuration.getValueType() != valueType) {
            throw new ClassCastException("cache " + cacheName + " has value type "
                    + configuration.getValueType().getName() + ", not " + valueType.getName());
        }
        return (Cache<K, V>) cache;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> Cache<K, V> getCache(String cacheName) {
        ensureOpen();
        return (Cache<K, V>) caches.get(Objects.requireNonNull(cacheName, "cacheName"));
    }

    @Override
    public Iterable<String> getCacheNames() {
        ensureOpen();
        return Collections.unmodifiableList(new ArrayList<>(caches.keySet()));
    }

    @Override
    public void destroyCache(String cacheName) {
        ensureOpen();
        CachetCache<?, ?> cache = caches.remove(Objects.requireNonNull(cacheName, "cacheName"));
        if (cache != null) {
            cache.clear();
            cache.close();
        }
    }

    void forget(String cacheName, CachetCache<?, ?> cache) {
        caches.remove(cacheName, cache);
    }

    @Override
    public void enableManagement(String cacheName, boolean enabled) {
        ensureOpen();
        CachetCache<?, ?> cache = caches.get(Objects.requireNonNull(cacheName, "cacheName"));
        if (cache != null) {
            cache.setManagementEnabled(enabled);
        }
    }

    @Override
    public void enableStatistics(String cacheName, boolean enabled) {
        ensureOpen();
        CachetCache<?, ?> cache = caches.get(Objects.requireNonNull(cacheName, "cacheName"));
        if (cache != null) {
            cache.setStatisticsEnabled(enabled);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        provider.forget(this);
        for (CachetCache<?, ?> cache : new ArrayList<>(caches.values())) {
            cache.close();
        }
        caches.clear();
        if (ownsBackend) {
            backend.close();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return type.isInstance(this) ? type.cast(this) : backend.unwrap(type);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the cache manager " + uri + " is closed");
        }
    }
}
