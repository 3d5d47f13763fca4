package io.cachet.servlet;

import io.cachet.spi.HttpExchange;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One request as the cache sees it: which rules apply (method, client directives, credentials,
 * {@code Vary}), and the response headers for a cached outcome ({@code ETag},
 * {@code Cache-Control}, the HIT/MISS header), answering 304 when {@code If-None-Match} matches.
 */
final class ServletExchange implements HttpExchange {
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final HttpCacheSettings settings;
    private final Set<String> directives;
    /** A digest of the request body (opt-in cacheable POST), or null. */
    private final String bodyDigest;
    /** A body that cannot key the entry (too large, or a form the container parses). */
    private final boolean uncacheableBody;

    ServletExchange(HttpServletRequest request, HttpServletResponse response, HttpCacheSettings settings,
                    String bodyDigest, boolean uncacheableBody) {
        this.request = request;
        this.response = response;
        this.settings = settings;
        this.directives = settings.ignoreClientDirectives() ? Set.of()
                : RequestDirectives.of(request.getHeaders("Cache-Control"), request.getHeader("Pragma"));
        this.bodyDigest = bodyDigest;
        this.uncacheableBody = uncacheableBody;
    }

    @Override
    public Mode mode(Call call) {
        if (!settings.methods().contains(request.getMethod().toUpperCase(Locale.ROOT)) || uncacheableBody) {
            return Mode.BYPASS;
        }
        if (directives.contains("no-store")) {
            return Mode.BYPASS;
        }
        if (directives.contains("no-cache")) {
            return Mode.REFRESH;
        }
        return Mode.USE;
    }

    /** Whether the response may differ per user: credentials are present and the endpoint is not shared. */
    private boolean perUser(Call call) {
        return !call.shared() && hasCredentials();
    }

    private boolean hasCredentials() {
        if (request.getUserPrincipal() != null) {
            return true;
        }
        for (String header : settings.credentialHeaders()) {
            if (request.getHeader(header) != null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String keyScope(Call call) {
        StringBuilder scope = new StringBuilder();
        if (perUser(call)) {
            scope.append("user=");
            if (request.getUserPrincipal() != null) {
                scope.append("p:").append(request.getUserPrincipal().getName());
            }
            for (String header : settings.credentialHeaders()) {
                String value = request.getHeader(header);
                if (value != null) {
                    scope.append('|').append(header).append(':').append(value.length()).append(':').append(value);
                }
            }
            scope.append('\n');
        }
        for (String header : call.vary()) {
            scope.append(header.toLowerCase(Locale.ROOT)).append('=');
            for (String value : Collections.list(request.getHeaders(header))) {
                scope.append(value.length()).append(':').append(value);
            }
            scope.append('\n');
        }
        if (bodyDigest != null) {
            scope.append("body=").append(bodyDigest).append('\n');
        }
        return scope.length() == 0 ? "" : SCOPE_PREFIX + EntityTags.digest(scope.toString());
    }

    @Override
    public void hit(Call call, byte[] payload, int offset, int length, long remainingMillis) {
        String etag = EntityTags.of(payload, offset, length);
        if (respond(call, "HIT", etag, remainingMillis)) {
            throw JaxRs.notModified(etag);
        }
    }

    @Override
    public void miss(Call call, byte[] payload, int offset, int length, long remainingMillis) {
        String etag = EntityTags.of(payload, offset, length);
        if (respond(call, "MISS", etag, remainingMillis)) {
            throw JaxRs.notModified(etag);
        }
    }

    /** Not cached (an error, or a value that may not be): nothing may say it is cacheable. */
    @Override
    public void uncached(Call call) {
        if (!response.isCommitted()) {
            response.setHeader(call.statusHeader(), "MISS");
            response.setHeader("ETag", null);
            response.setHeader("Cache-Control", null);
            response.setHeader("Vary", null);
        }
    }

    /**
     * Sets the headers of a cached outcome; {@code true} when {@code If-None-Match} matches, so
     * the answer must be 304 without a body.
     */
    boolean respond(Call call, String outcome, String etag, long remainingMillis) {
        if (response.isCommitted()) {
            return false;
        }
        response.setHeader(call.statusHeader(), outcome);
        response.setHeader("ETag", etag);
        response.setHeader("Cache-Control", cacheControl(perUser(call), call.shared() && hasCredentials(),
                remainingMillis, settings.noExpiryCacheControl()));
        if (!call.vary().isEmpty()) {
            response.setHeader("Vary", String.join(", ", call.vary()));
        }
        List<String> ifNoneMatch = Collections.list(request.getHeaders("If-None-Match"));
        return !ifNoneMatch.isEmpty() && EntityTags.noneMatchFails(ifNoneMatch, etag);
    }

    /** {@code [private|public, ]max-age=<whole seconds left>}, or the no-expiry policy. */
    static String cacheControl(boolean privately, boolean publicly, long remainingMillis, String noExpiry) {
        String scope = privately ? "private, " : publicly ? "public, " : "";
        if (remainingMillis < 0) {
            return scope + noExpiry;
        }
        return scope + "max-age=" + remainingMillis / 1000;
    }
}
