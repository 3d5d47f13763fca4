package io.cachet.jcache;

import io.cachet.internal.Config;
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
 * The manager's {@code Properties} override system properties and environment variables.
 */
final class Backends {
    private Backends() {
    }

    /** Whether the cache manager owns (and so closes) the store {@link #forUri} returns for this URI. */
    static boolean owned(URI uri) {
        return !uri.toString().equals("cachet:cdi");
    }

    /** Whether the store a URI names lives in this JVM, without opening it. */
    static boolean isLocal(URI uri) {
        return switch (uri.toString()) {
            case "cachet:memory" -> true;
            case "cachet:config" -> "memory".equals(java.util.Objects.requireNonNullElse(Config.get("cachet.backend"), "memory"));
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
        return Config.backend(name -> {
            String value = settings.get(name);
            if (value == null) {
                value = properties.getProperty(name);
            }
            return value != null ? value : Config.get(name);
        }, clock);
    }
}
