package io.cachet.servlet;

import io.cachet.spi.Properties;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The filter's settings, from its init parameters or else the {@code cachet.http.*} properties
 * (MicroProfile Config, system properties, environment).
 */
public final class HttpCacheSettings {
    private final Set<String> methods;
    private final boolean ignoreClientDirectives;
    private final String noExpiryCacheControl;
    private final List<String> responsePatterns;
    private final Duration responseTtl;
    private final int maxBodyBytes;
    private final List<String> credentialHeaders;

    HttpCacheSettings(Function<String, String> property) {
        this.methods = Arrays.stream(value(property, "cachet.http.methods", "GET,HEAD").split("[,\\s]+"))
                .map(m -> m.trim().toUpperCase(Locale.ROOT)).filter(m -> !m.isEmpty()).collect(Collectors.toSet());
        for (String method : methods) {
            if (!method.matches("[A-Z]+")) {
                throw new IllegalArgumentException("cachet.http.methods must list HTTP methods, but has '" + method + "'");
            }
        }
        this.ignoreClientDirectives = Properties.bool("cachet.http.ignore-client-directives",
                value(property, "cachet.http.ignore-client-directives", "false"));
        this.noExpiryCacheControl = value(property, "cachet.http.no-expiry-cache-control", "no-cache");
        String patterns = value(property, "cachet.http.response-cache", "");
        this.responsePatterns = patterns.isBlank() ? List.of()
                : Arrays.stream(patterns.split("[,\\s]+")).filter(p -> !p.isEmpty()).toList();
        for (String pattern : responsePatterns) {
            if (!pattern.startsWith("/") && !pattern.startsWith("*.")) {
                throw new IllegalArgumentException("cachet.http.response-cache patterns must start with '/' or '*.',"
                        + " but has '" + pattern + "'");
            }
        }
        this.responseTtl = Duration.ofSeconds(Math.min(10L * 366 * 24 * 3600, Properties.positive(
                "cachet.http.response-cache-expire", value(property, "cachet.http.response-cache-expire", "60"))));
        this.credentialHeaders = Arrays.stream(value(property, "cachet.http.credential-headers", "Authorization")
                .split("[,\\s]+")).filter(h -> !h.isEmpty()).toList();
        this.maxBodyBytes = (int) Math.min(Integer.MAX_VALUE - 1, Properties.positive("cachet.http.max-body-bytes",
                value(property, "cachet.http.max-body-bytes", "1048576")));
    }

    private static String value(Function<String, String> property, String name, String fallback) {
        String value = property.apply(name);
        return value == null || value.isBlank() ? fallback : value.trim();
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

    boolean matchesResponsePattern(String path) {
        for (String pattern : responsePatterns) {
            if (pattern.endsWith("/*") ? path.startsWith(pattern.substring(0, pattern.length() - 1))
                    || path.equals(pattern.substring(0, pattern.length() - 2))
                    : pattern.startsWith("*.") ? path.endsWith(pattern.substring(1)) : path.equals(pattern)) {
                return true;
            }
        }
        return false;
    }
}
