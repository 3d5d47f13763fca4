package io.cachet.spi;

import java.time.Duration;
import java.util.List;

/**
 * The HTTP request a {@code @Cached} JAX-RS resource method is serving, as the servlet module
 * sees it: whether the cache may be used, what else keys the entry, and where the outcome goes.
 * Core knows nothing of HTTP beyond this.
 */
public interface HttpExchange {

    /** How the call may use the cache. */
    enum Mode {
        /** Serve from the cache, store on a miss. */
        USE,
        /** Do not serve from the cache, but store the fresh result ({@code Cache-Control: no-cache}). */
        REFRESH,
        /** Neither serve nor store ({@code no-store}, a method that is not cacheable). */
        BYPASS
    }

    /** What the servlet module needs to know about the cached method. */
    interface Call {
        String statusHeader();

        List<String> vary();

        boolean shared();

        /** The method's time to live, or {@code null} for none. */
        Duration ttl();
    }

    Mode mode(Call call);

    /** What a non-empty {@link #keyScope} starts with: scoped keys extend the plain key with it. */
    String SCOPE_PREFIX = "|";

    /**
     * Extra key material for this request (the user, the {@code Vary} header values, a request
     * body digest), already digested, behind {@link #SCOPE_PREFIX}; empty when the entry is the
     * same for everyone.
     */
    String keyScope(Call call);

    /**
     * A hit, before the payload is decoded. May throw (an unchecked exception that the web
     * framework turns into a response, such as 304 Not Modified) instead of letting the value be
     * decoded and returned.
     */
    void hit(Call call, byte[] payload, int offset, int length, long remainingMillis);

    /** A miss whose result was encoded ({@code payload}) and stored. May throw, like {@link #hit}. */
    void miss(Call call, byte[] payload, int offset, int length, long remainingMillis);

    /** A miss whose result was not cacheable (an error response, or too large). */
    void uncached(Call call);
}
