package io.cachet.jcache;

import io.cachet.spi.BackendFactory;
import io.cachet.spi.CacheBackend;

import java.net.URI;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Which store a cache manager's URI names:
 * <ul>
 *   <li>{@code cachet:memory} (the default): a fresh in-memory store, bounded by
 *       {@code cachet.memory.max-entries} (default 10,000) or {@code cachet.memory.max-bytes},
 *       from the manager's properties or the configuration;</li>
 *   <li>{@code redis://host:port} (or {@code rediss://}): Redis, configured further by
 *       {@code cachet.redis.*} properties;</li>
 *   <li>{@code memcached://host:port[,host:port...]}: Memcached;</li>
 *   <li>{@code dynamodb:<table>} with {@code cachet.dynamodb.*} properties: DynamoDB;</li>
 *   <li>{@code cachet:config}: a store configured by {@code cachet.backend}, as {@code @Cached}'s would be;</li>
 *   <li>{@code cachet:cdi}: the very store (connections, threads) {@code @Cached} uses in this CDI
 *       application, which the cache manager then never closes.</li>
 * </ul>
 * Or a properties file that says which of these, with {@code cachet.jcache.uri}, and any other
 * setting: {@code classpath:cachet-jcache.properties}, or the {@code file:}/{@code jar:} URL of one
 * (what Hibernate passes for {@code hibernate.javax.cache.uri}). The manager's {@code Properties}
 * override the file, which overrides system properties and environment variables.
 */
final class Backends {
    private Backends() {
    }

    /**
     * The Cachet settings a manager URI names as a properties file: a {@code classpath:} resource,
     * or any URL ({@code file:}, {@code jar:}, {@code vfs:}) ending in {@code .properties}, as
     * Hibernate hands over {@code hibernate.javax.cache.uri} once it resolved it as a resource;
     * {@code null} for a store URI.
     *
     * @throws IllegalArgumentException naming the file, if it cannot be read
     */
    static Properties configurationFile(URI uri, ClassLoader loader) {
        String scheme = String.valueOf(uri.getScheme());
        boolean resource = scheme.equals("classpath");
        if (!resource && !String.valueOf(uri.getSchemeSpecificPart()).endsWith(".properties")) {
            return null;
        }
        Properties file = new Properties();
        try (java.io.InputStream in = resource
                ? resourceStream(uri.getSchemeSpecificPart(), loader)
                : uri.toURL().openStream()) {
            if (in == null) {
                throw new java.io.FileNotFoundException("no such class path resource");
            }
            file.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read the Cachet JCache configuration " + uri + ": " + e
                    + " (name a properties file on the class path, such as classpath:cachet-jcache.properties,"
                    + " or a store URI such as cachet:memory or redis://host:6379)", e);
        }
        return file;
    }

    private static java.io.InputStream resourceStream(String name, ClassLoader loader) {
        String path = name.startsWith("/") ? name.substring(1) : name;
        ClassLoader search = loader != null ? loader : Thread.currentThread().getContextClassLoader();
        return search != null ? search.getResourceAsStream(path) : ClassLoader.getSystemResourceAsStream(path);
    }

    /** The store a configuration file names with {@code cachet.jcache.uri} (default {@code cachet:memory}). */
    static URI storeUri(URI file, Properties settings) {
        String named = settings.getProperty("cachet.jcache.uri", "cachet:memory").trim();
        URI store;
        try {
            store = new URI(named);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("cachet.jcache.uri in " + file + " must be a store URI such as"
                    + " cachet:memory or redis://host:6379, but was '" + named + "'", e);
        }
        if (configurationFileScheme(store)) {
            throw new IllegalArgumentException("cachet.jcache.uri in " + file + " must name a store, not another file: "
                    + named);
        }
        return store;
    }

    private static boolean configurationFileScheme(URI uri) {
        return "classpath".equals(uri.getScheme()) || String.valueOf(uri.getSchemeSpecificPart()).endsWith(".properties");
    }

    /** Whether the cache manager owns (and so closes) the store {@link #forUri} returns for this URI. */
    static boolean owned(URI uri) {
        return !uri.toString().equals("cachet:cdi");
    }

    /** Whether the store a URI names lives in this JVM, without opening it. */
    static boolean isLocal(URI uri) {
        return switch (uri.toString()) {
            case "cachet:memory" -> true;
            case "cachet:config" -> "memory".equals(io.cachet.spi.Properties.configured().text("cachet.backend").orElse("memory"));
            case "cachet:cdi" -> {
                try {
                    yield jakarta.enterprise.inject.spi.CDI.current().select(io.cachet.Cachet.class).get().backend()
                            .capabilities().contains(io.cachet.spi.Capability.LOCAL);
                } catch (RuntimeException | LinkageError noContainer) {
                    yield false;
                }
            }
            default -> false;
        };
    }

    static CacheBackend forUri(URI uri, Properties properties, InstantSource clock) {
        Map<String, String> settings = new HashMap<>();
        String scheme = String.valueOf(uri.getScheme());
        switch (scheme) {
            case "cachet" -> {
                String part = uri.getSchemeSpecificPart();
                if (part.equals("memory")) {
                    // bounded like every memory store: cachet.memory.max-entries (10,000) or max-bytes
                    settings.put("cachet.backend", "memory");
                }
                if (part.equals("cdi")) {
                    return jakarta.enterprise.inject.spi.CDI.current().select(io.cachet.Cachet.class).get().backend();
                }
                if (!part.equals("config") && !part.equals("memory")) {
                    throw new IllegalArgumentException("unknown Cachet cache manager URI " + uri
                            + " (cachet:memory, cachet:config, cachet:cdi, redis://, memcached://, dynamodb:<table>)");
                }
            }
            case "redis", "rediss" -> {
                settings.put("cachet.backend", "redis");
                settings.put("cachet.redis.address", scheme + "://" + uri.getRawAuthority());
            }
            case "memcached" -> {
                settings.put("cachet.backend", "memcached");
                settings.put("cachet.memcached.servers", uri.getRawAuthority());
            }
            case "dynamodb" -> {
                settings.put("cachet.backend", "dynamodb");
                settings.put("cachet.dynamodb.table", uri.getSchemeSpecificPart());
            }
            default -> throw new IllegalArgumentException("unknown Cachet cache manager URI " + uri
                    + " (cachet:memory, cachet:config, redis://, memcached://, dynamodb:<table>)");
        }
        return BackendFactory.fromProperties(io.cachet.spi.Properties.configured(name -> {
            String value = settings.get(name);
            return value != null ? value : properties.getProperty(name);
        }).source(), clock);
    }
}
