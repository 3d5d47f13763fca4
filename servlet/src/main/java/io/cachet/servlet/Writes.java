package io.cachet.servlet;

import io.cachet.spi.Stores;
import jakarta.servlet.http.HttpServletRequest;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * RFC 9111 section 4.4: a successful unsafe request makes the stored answers of its target URI,
 * and of its {@code Location} and {@code Content-Location} when they are on the same origin,
 * misses. Each resource-method entry carries a tag naming the URI of the request that stored it
 * ({@link #tag}); a write invalidates the tags of the URIs it names, on every store, so every user's
 * entry and every {@code Vary} value goes at once.
 */
final class Writes {
    private static final System.Logger LOG = System.getLogger("io.cachet.servlet");
    /** When a failed invalidation was last logged: at most once a minute. */
    private static final AtomicLong LAST_LOGGED = new AtomicLong(Long.MIN_VALUE / 2);
    private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;

    private Writes() {
    }

    /** Whether {@code method} may change the resource: anything but GET, HEAD, OPTIONS and TRACE. */
    static boolean unsafe(String method) {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD", "OPTIONS", "TRACE" -> false;
            default -> true;
        };
    }

    /** The tag of the entries stored for {@code origin} and this raw path and query. */
    static String tag(String origin, String rawPath, String rawQuery) {
        String uri = origin + rawPath + (rawQuery == null ? "" : "?" + rawQuery);
        return "cachet-uri:" + EntityTags.digest(uri);
    }

    /**
     * The tags a write to {@code request}'s URI answered with this {@code Location} and
     * {@code Content-Location} (either may be {@code null}) invalidates: its own URI's, and each
     * header's that resolves to the same origin.
     */
    static Set<String> tags(HttpServletRequest request, String location, String contentLocation) {
        String origin = ServletExchange.origin(request);
        Set<String> tags = new LinkedHashSet<>();
        tags.add(tag(origin, request.getRequestURI(), request.getQueryString()));
        for (String header : new String[] {location, contentLocation}) {
            URI target = sameOrigin(request, origin, header);
            if (target != null) {
                tags.add(tag(origin, target.getRawPath(), target.getRawQuery()));
            }
        }
        return tags;
    }

    /** {@code header} resolved against the request's URI, when it names a path on the request's own origin. */
    private static URI sameOrigin(HttpServletRequest request, String origin, String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            URI target = URI.create(origin + request.getRequestURI()).resolve(header.trim());
            if (target.getRawPath() == null || target.getRawPath().isEmpty()) {
                return null;
            }
            if (!target.isAbsolute()) {
                return target;
            }
            String scheme = target.getScheme().toLowerCase(Locale.ROOT);
            int port = target.getPort() != -1 ? target.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
            String host = target.getHost() == null ? null : target.getHost().toLowerCase(Locale.ROOT);
            return (scheme + "://" + host + ":" + port).equals(origin) ? target : null;
        } catch (IllegalArgumentException malformed) {
            return null; // a header that is no URI names nothing Cachet stored
        }
    }

    /**
     * Invalidates {@code tags} on every store, each store call bounded by its backend timeout; a
     * store that fails is logged (at most once a minute) and leaves its entries to expire, never
     * failing the request that wrote.
     */
    static void invalidate(Stores stores, String method, String uri, Set<String> tags) {
        for (String tag : tags) {
            try {
                stores.invalidateTagPromptly(tag);
            } catch (RuntimeException e) {
                long now = System.nanoTime();
                long last = LAST_LOGGED.get();
                if (now - last >= LOG_INTERVAL_NANOS && LAST_LOGGED.compareAndSet(last, now)) {
                    LOG.log(System.Logger.Level.WARNING, "Cachet: " + method + " " + uri + " succeeded, but its cached"
                            + " answers could not be invalidated, so they may be served until they expire: " + e.getMessage()
                            + " (logged at most once a minute)");
                }
            }
        }
    }
}
