package io.cachet.servlet;

import io.cachet.spi.Properties;
import io.cachet.spi.Require;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The filter's settings. The filter uses the application's {@code HttpCacheSettings} bean when it
 * produces one, like {@link io.cachet.CacheSettings}; else its init parameters, else the
 * {@code cachet.http.*} properties (MicroProfile Config, system properties, environment).
 * Immutable, validated by {@link #builder()}.
 */
public final class HttpCacheSettings {
    /** The longest a whole response may be kept: ten years. */
    private static final Duration MAX_RESPONSE_TTL = Duration.ofDays(10L * 366);

    private final Set<String> methods;
    private final boolean ignoreClientDirectives;
    private final String noExpiryCacheControl;
    private final List<String> responsePatterns;
    private final List<String> sharedResponsePatterns;
    private final Duration responseTtl;
    private final int maxBodyBytes;
    private final List<String> credentialHeaders;
    private final boolean invalidateOnWrite;

    private HttpCacheSettings(Builder b) {
        this.methods = Set.copyOf(b.methods);
        this.ignoreClientDirectives = b.ignoreClientDirectives;
        this.noExpiryCacheControl = b.noExpiryCacheControl;
        this.responsePatterns = List.copyOf(b.responsePatterns);
        this.sharedResponsePatterns = List.copyOf(b.sharedResponsePatterns);
        this.responseTtl = b.responseTtl;
        this.maxBodyBytes = b.maxBodyBytes;
        this.credentialHeaders = List.copyOf(b.credentialHeaders);
        this.invalidateOnWrite = b.invalidateOnWrite;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.methods = methods;
        b.ignoreClientDirectives = ignoreClientDirectives;
        b.noExpiryCacheControl = noExpiryCacheControl;
        b.responsePatterns = responsePatterns;
        b.sharedResponsePatterns = sharedResponsePatterns;
        b.responseTtl = responseTtl;
        b.maxBodyBytes = maxBodyBytes;
        b.credentialHeaders = credentialHeaders;
        b.invalidateOnWrite = invalidateOnWrite;
        return b;
    }

    /** Settings from {@code cachet.http.*} properties; a bad value is named with its property. */
    public static HttpCacheSettings fromProperties(Function<String, String> property) {
        Properties p = new Properties(property).under("cachet.http.");
        Builder b = builder();
        p.parsed("methods", null, HttpCacheSettings::words).ifPresent(b::methods);
        p.bool("ignore-client-directives").ifPresent(b::ignoreClientDirectives);
        p.text("no-expiry-cache-control").ifPresent(b::noExpiryCacheControl);
        p.parsed("response-cache", null, HttpCacheSettings::words).ifPresent(b::responsePatterns);
        p.parsed("response-cache-shared", null, HttpCacheSettings::words).ifPresent(b::sharedResponsePatterns);
        p.seconds("response-cache-expire").map(ttl -> ttl.compareTo(MAX_RESPONSE_TTL) > 0 ? MAX_RESPONSE_TTL : ttl)
                .ifPresent(b::responseTtl);
        p.positive("max-body-bytes").map(bytes -> (int) Math.min(Integer.MAX_VALUE - 1, bytes)).ifPresent(b::maxBodyBytes);
        p.parsed("credential-headers", null, HttpCacheSettings::words).ifPresent(b::credentialHeaders);
        p.bool("invalidate-on-write").ifPresent(b::invalidateOnWrite);
        return b.build();
    }

    private static List<String> words(String value) {
        return Arrays.stream(value.split("[,\\s]+")).filter(word -> !word.isEmpty()).toList();
    }

    /** Methods whose requests may be served from and stored in the cache (default GET, HEAD). */
    public Set<String> methods() {
        return methods;
    }

    public boolean ignoreClientDirectives() {
        return ignoreClientDirectives;
    }

    /** What {@code Cache-Control} says for an entry without expiry (default {@code no-cache}). */
    public String noExpiryCacheControl() {
        return noExpiryCacheControl;
    }

    /** URL patterns whose whole responses are cached ({@code /prefix/*}, {@code *.ext}, exact paths). */
    public List<String> responsePatterns() {
        return responsePatterns;
    }

    /**
     * URL patterns whose whole responses are the same for every visitor (static files, say): cached
     * like {@link #responsePatterns()}, but a cookie or a session does not make them per user; a
     * principal or a credential header still does.
     */
    public List<String> sharedResponsePatterns() {
        return sharedResponsePatterns;
    }

    public Duration responseTtl() {
        return responseTtl;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * Request headers that identify a user (default {@code Authorization}; add an API-key header
     * such as {@code X-Api-Key}): with any of them, any cookie, a session or a principal, entries
     * are per user and responses {@code private}.
     */
    public List<String> credentialHeaders() {
        return credentialHeaders;
    }

    /**
     * Whether a successful unsafe request (any method but GET, HEAD, OPTIONS and TRACE, answered
     * below 400) makes the stored answers of its target URI, and of its same-origin
     * {@code Location} and {@code Content-Location}, misses for every user and {@code Vary} value
     * (RFC 9111 section 4.4; default yes). {@code @Cached(invalidateOnWrite = false)} turns it off
     * for one resource method's entries.
     */
    public boolean invalidateOnWrite() {
        return invalidateOnWrite;
    }

    /** Whether either kind of pattern caches the path's whole responses. */
    boolean matchesResponsePattern(String path) {
        return matches(responsePatterns, path) || matches(sharedResponsePatterns, path);
    }

    boolean matchesSharedResponsePattern(String path) {
        return matches(sharedResponsePatterns, path);
    }

    private static boolean matches(List<String> patterns, String path) {
        for (String pattern : patterns) {
            if (pattern.endsWith("/*") ? path.startsWith(pattern.substring(0, pattern.length() - 1))
                    || path.equals(pattern.substring(0, pattern.length() - 2))
                    : pattern.startsWith("*.") ? path.endsWith(pattern.substring(1)) : path.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    /** Builds {@link HttpCacheSettings}. */
    public static final class Builder {
        private Set<String> methods = Set.of("GET", "HEAD");
        private boolean ignoreClientDirectives;
        private String noExpiryCacheControl = "no-cache";
        private List<String> responsePatterns = List.of();
        private List<String> sharedResponsePatterns = List.of();
        private Duration responseTtl = Duration.ofSeconds(60);
        private int maxBodyBytes = 1024 * 1024;
        private List<String> credentialHeaders = List.of("Authorization");
        private boolean invalidateOnWrite = true;

        private Builder() {
        }

        /** Methods whose requests may be served from and stored in the cache, such as {@code GET}. */
        public Builder methods(Collection<String> methods) {
            Set<String> upper = new java.util.LinkedHashSet<>();
            for (String method : methods) {
                String name = method.trim().toUpperCase(Locale.ROOT);
                if (!name.matches("[A-Z]+")) {
                    throw new IllegalArgumentException("methods must list HTTP methods, but has '" + method + "'");
                }
                upper.add(name);
            }
            this.methods = upper;
            return this;
        }

        /** Whether a successful write makes its target URI's stored answers misses (default yes). */
        public Builder invalidateOnWrite(boolean invalidate) {
            this.invalidateOnWrite = invalidate;
            return this;
        }

        /** Whether a request's {@code Cache-Control: no-cache} and {@code no-store} are ignored (default no). */
        public Builder ignoreClientDirectives(boolean ignore) {
            this.ignoreClientDirectives = ignore;
            return this;
        }

        /** What {@code Cache-Control} says for an entry without expiry (default {@code no-cache}). */
        public Builder noExpiryCacheControl(String cacheControl) {
            this.noExpiryCacheControl = Require.notBlank("noExpiryCacheControl", cacheControl);
            return this;
        }

        /** URL patterns whose whole responses are cached: {@code /prefix/*}, {@code *.ext} or an exact path. */
        public Builder responsePatterns(Collection<String> patterns) {
            this.responsePatterns = checkedPatterns("response-cache", patterns);
            return this;
        }

        /**
         * URL patterns whose whole responses are the same for every visitor, in the same forms:
         * cached and shared even when the request carries a cookie or a session.
         */
        public Builder sharedResponsePatterns(Collection<String> patterns) {
            this.sharedResponsePatterns = checkedPatterns("response-cache-shared", patterns);
            return this;
        }

        private static List<String> checkedPatterns(String setting, Collection<String> patterns) {
            for (String pattern : patterns) {
                if (!pattern.startsWith("/") && !pattern.startsWith("*.")) {
                    throw new IllegalArgumentException(setting + " patterns must start with '/' or '*.',"
                            + " but has '" + pattern + "'");
                }
            }
            return List.copyOf(patterns);
        }

        /** How long a whole response is kept (default 60 s, at most ten years). */
        public Builder responseTtl(Duration ttl) {
            Require.positive("responseTtl", ttl);
            if (ttl.compareTo(MAX_RESPONSE_TTL) > 0) {
                throw new IllegalArgumentException("responseTtl must be at most " + MAX_RESPONSE_TTL + ", but was " + ttl);
            }
            this.responseTtl = ttl;
            return this;
        }

        /** The largest body a resource method's representation keeps (default 1 MiB). */
        public Builder maxBodyBytes(int bytes) {
            this.maxBodyBytes = Require.atLeast("maxBodyBytes", bytes, 1);
            return this;
        }

        /** Request headers that identify a user (default {@code Authorization}). */
        public Builder credentialHeaders(Collection<String> headers) {
            for (String header : headers) {
                Require.notBlank("credentialHeaders", header);
            }
            this.credentialHeaders = List.copyOf(headers);
            return this;
        }

        public HttpCacheSettings build() {
            return new HttpCacheSettings(this);
        }
    }
}
