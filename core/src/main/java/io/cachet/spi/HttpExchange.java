package io.cachet.spi;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Collection;
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
        /** Neither serve nor store ({@code no-store}, a method that is not cacheable, a request Cachet cannot scope). */
        BYPASS,
        /**
         * The request is not this call's: the method is called as a bean by another resource
         * method. It is cached as a bean call and leaves the response alone.
         */
        BEAN
    }

    /** What the servlet module needs to know about the cached method. */
    interface Call {
        /** The bean class the method is called on, or {@code null} for a call that is no method's. */
        default Class<?> beanClass() {
            return null;
        }

        /** The cached method, or {@code null} for a call that is no method's. */
        default Method method() {
            return null;
        }

        String statusHeader();

        /** The response header a call's tags are sent in (default {@code Surrogate-Key}). */
        default String tagHeader() {
            return "Surrogate-Key";
        }

        /** The request headers that key the entry: declared, and learned from the responses' {@code Vary}. */
        List<String> vary();

        /** Adds headers a response named in {@code Vary} to {@link #vary()}. */
        default void learnVary(Collection<String> headers) {
            throw new UnsupportedOperationException("this call keys no learned Vary headers");
        }

        boolean shared();

        /** Always cached per user, credentials or not. */
        default boolean perUser() {
            return false;
        }

        /**
         * Declared per user ({@code @Cached(perUser = true)}): a request in which nothing identifies
         * its user is not cached, since it could not be told from another user's.
         */
        default boolean requiresUser() {
            return false;
        }

        /** Headers whose values identify the user of a per-user entry, beyond the credential headers. */
        default List<String> identityHeaders() {
            return List.of();
        }

        /** The method's time to live, or {@code null} for none. */
        Duration ttl();

        /** How long after {@link #ttl()} the entry is answered while it is refreshed (RFC 5861). */
        default Duration staleWhileRevalidate() {
            return Duration.ZERO;
        }

        /** How long after {@link #ttl()} the entry is answered when the method fails (RFC 5861). */
        default Duration staleIfError() {
            return Duration.ZERO;
        }

        /**
         * Whether a successful write to the request's URI makes this call's entries for it misses
         * ({@code @Cached(invalidateOnWrite)}); the exchange then names the URI with {@link #targetTag}.
         */
        default boolean invalidateOnWrite() {
            return false;
        }
    }

    /**
     * A miss waiting for the response its value becomes: the exchange stores what the response
     * turned out to be (its representation: status, headers, body bytes), under the call's key
     * extended with a (possibly new) scope, or drops it when the response is not storable (the
     * application said {@code no-store}, set a cookie, answered an error). Exactly one of the two is
     * called, at most once; until then, concurrent callers of the same key wait.
     */
    interface PendingStore {
        /** Stores {@code payload} (wrapped with the method's expiry) under the plain key followed by {@code scope}. */
        void store(String scope, byte[] payload);

        void drop();
    }

    Mode mode(Call call);

    /** What a non-empty {@link #keyScope} starts with: scoped keys extend the plain key with it. */
    String SCOPE_PREFIX = "|";

    /**
     * Extra key material for this request (the matched URL, the user, the {@code Vary} header
     * values, a request body digest), already digested, behind {@link #SCOPE_PREFIX}.
     */
    String keyScope(Call call);

    /**
     * A hit: the stored payload is a representation {@link PendingStore#store} wrote. Returns the
     * answer the method call ends with, an unchecked exception the web framework turns into the
     * stored response (or 304 Not Modified), so nothing is decoded and no entity is written again;
     * {@code null} when the payload is not a representation (a corrupt or foreign entry).
     */
    RuntimeException answer(Call call, byte[] payload, int offset, int length, long remainingMillis);

    /**
     * Like {@link #answer(Call, byte[], int, int, long)}; {@code stale}: the entry's freshness ran out
     * ({@code remainingMillis} is 0) and it answers while it is refreshed or for a failing method,
     * {@code staleMillis} more at most.
     */
    default RuntimeException answer(Call call, byte[] payload, int offset, int length, long remainingMillis,
                                    boolean stale, long staleMillis) {
        return answer(call, payload, offset, length, remainingMillis);
    }

    /** A miss: {@code value} is what the method returned; {@code store} keeps its response once final. */
    void miss(Call call, Object value, PendingStore store);

    /**
     * The call's entry carries these tags ({@code @Cached(tags)}, rendered); a cached response sends
     * them in {@link Call#tagHeader()}. Called before the hit's answer or the miss.
     */
    /**
     * A tag naming the request's target URI, which the call's entry carries besides its own tags, so
     * that a successful write to that URI makes it a miss for every user and {@code Vary} value;
     * {@code null} when writes do not invalidate this call's entries. Never sent in a response.
     */
    default String targetTag(Call call) {
        return null;
    }

    default void tagged(Call call, String[] tags) {
    }

    /** The method failed: nothing may say the response is cached. */
    void uncached(Call call);
}
