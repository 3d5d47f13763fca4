package io.cachet;

import io.cachet.coder.JsonCoder;
import io.cachet.spi.Require;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Cachet's global settings, the analogue of fastapi-cache's {@code FastAPICache.init}: immutable,
 * built and validated by {@link #builder()}. An application {@code @Produces} one to override the
 * defaults; {@link #defaults()} shows them.
 */
public final class CacheSettings {
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final String prefix;
    private final Duration defaultExpire;
    private final Coder coder;
    private final KeyBuilder keyBuilder;
    private final String statusHeader;
    private final String tagHeader;
    private final boolean enabled;
    private final boolean failOpen;
    private final Duration backendTimeout;
    private final Duration lockTimeout;
    private final int circuitFailureThreshold;
    private final Duration circuitOpenDuration;
    private final Duration warningInterval;
    private final InstantSource clock;
    private final Duration staleWhileRevalidate;
    private final Duration staleIfError;
    private final java.util.function.Predicate<Throwable> staleOnError;
    private final int refreshThreads;
    private final boolean clusterFlight;
    private final Duration leaseTime;
    private final int maxWaiters;
    private final boolean nearCache;
    private final int nearMaxEntries;
    private final Duration nearTtl;
    private final Duration nearHeartbeat;

    private CacheSettings(Builder b) {
        this.prefix = b.prefix;
        this.defaultExpire = b.defaultExpire;
        this.coder = b.coder != null ? b.coder : new JsonCoder();
        this.keyBuilder = b.keyBuilder != null ? b.keyBuilder : new DefaultKeyBuilder();
        this.statusHeader = b.statusHeader;
        this.tagHeader = b.tagHeader;
        this.enabled = b.enabled;
        this.failOpen = b.failOpen;
        this.backendTimeout = b.backendTimeout;
        this.lockTimeout = b.lockTimeout;
        this.circuitFailureThreshold = b.circuitFailureThreshold;
        this.circuitOpenDuration = b.circuitOpenDuration;
        this.warningInterval = b.warningInterval;
        this.clock = b.clock;
        this.staleWhileRevalidate = b.staleWhileRevalidate;
        this.staleIfError = b.staleIfError;
        this.staleOnError = b.staleOnError;
        this.refreshThreads = b.refreshThreads;
        this.clusterFlight = b.clusterFlight;
        this.leaseTime = b.leaseTime != null ? b.leaseTime : b.lockTimeout;
        this.maxWaiters = b.maxWaiters;
        this.nearCache = b.nearCache;
        this.nearMaxEntries = b.nearMaxEntries;
        this.nearTtl = b.nearTtl;
        this.nearHeartbeat = b.nearHeartbeat;
    }

    /** The defaults: prefix "cachet", no expiry, JSON, the default key builder, "X-Cachet". */
    public static CacheSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change a few. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.prefix = prefix;
        b.defaultExpire = defaultExpire;
        b.coder = coder;
        b.keyBuilder = keyBuilder;
        b.statusHeader = statusHeader;
        b.tagHeader = tagHeader;
        b.enabled = enabled;
        b.failOpen = failOpen;
        b.backendTimeout = backendTimeout;
        b.lockTimeout = lockTimeout;
        b.circuitFailureThreshold = circuitFailureThreshold;
        b.circuitOpenDuration = circuitOpenDuration;
        b.warningInterval = warningInterval;
        b.clock = clock;
        b.staleWhileRevalidate = staleWhileRevalidate;
        b.staleIfError = staleIfError;
        b.staleOnError = staleOnError;
        b.refreshThreads = refreshThreads;
        b.clusterFlight = clusterFlight;
        b.leaseTime = leaseTime;
        b.maxWaiters = maxWaiters;
        b.nearCache = nearCache;
        b.nearMaxEntries = nearMaxEntries;
        b.nearTtl = nearTtl;
        b.nearHeartbeat = nearHeartbeat;
        return b;
    }

    /** The first part of every key (default {@code cachet}). */
    public String prefix() {
        return prefix;
    }

    /** The time to live of methods that set no {@link Cached#expire()}; {@code null}: none. */
    public Duration defaultExpire() {
        return defaultExpire;
    }

    public Coder coder() {
        return coder;
    }

    public KeyBuilder keyBuilder() {
        return keyBuilder;
    }

    /** The HIT/MISS response header's name (default {@code X-Cachet}). */
    public String statusHeader() {
        return statusHeader;
    }

    /**
     * The response header a resource method's tags are sent in, so a CDN can purge the same set
     * (default {@code Surrogate-Key}, Fastly's; {@code Cache-Tag} for Cloudflare and Akamai).
     */
    public String tagHeader() {
        return tagHeader;
    }

    /** Whether caching starts enabled; {@link Cachet#setEnabled} switches it at run time. */
    public boolean enabled() {
        return enabled;
    }

    /** Whether a failing store lets calls run uncached (default) rather than fail them. */
    public boolean failOpen() {
        return failOpen;
    }

    /** The longest a call waits for the store before going on uncached. */
    public Duration backendTimeout() {
        return backendTimeout;
    }

    /** The longest a call waits for a concurrent computation of the same key. */
    public Duration lockTimeout() {
        return lockTimeout;
    }

    /** Consecutive store failures that open the circuit breaker. */
    public int circuitFailureThreshold() {
        return circuitFailureThreshold;
    }

    /** How long an open circuit skips the store before trying it again. */
    public Duration circuitOpenDuration() {
        return circuitOpenDuration;
    }

    /** The least time between two warnings of the same kind. */
    public Duration warningInterval() {
        return warningInterval;
    }

    /** The clock Cachet reads time from (tests inject a manual one). */
    public InstantSource clock() {
        return clock;
    }

    /**
     * How long after its expiry an entry is still answered, at once, while one background call
     * refreshes it, for methods that set no {@link Cached#staleWhileRevalidate()} (default none).
     */
    public Duration staleWhileRevalidate() {
        return staleWhileRevalidate;
    }

    /**
     * How long after its expiry an entry is answered when the method fails, for methods that set no
     * {@link Cached#staleIfError()} (default none).
     */
    public Duration staleIfError() {
        return staleIfError;
    }

    /**
     * Which failures a stale value answers for: by default any {@code RuntimeException} but a
     * JAX-RS {@code WebApplicationException} whose status is 4xx (the caller's error, not the method's).
     */
    public java.util.function.Predicate<Throwable> staleOnError() {
        return staleOnError;
    }

    /** The most background refreshes running at once (default 4); when all are busy, no refresh is queued. */
    public int refreshThreads() {
        return refreshThreads;
    }

    /** Whether methods that set no {@link Cached#flight()} compute a miss once across the cluster (default off). */
    public boolean clusterFlight() {
        return clusterFlight;
    }

    /**
     * How long a cluster-wide flight's lease holds its key (default: the lock timeout): a holder that
     * dies blocks the key at most this long.
     */
    public Duration leaseTime() {
        return leaseTime;
    }

    /**
     * The most callers that wait for one computation of a key (default 10,000); the next run the
     * method uncached rather than wait, so waiters never grow without bound.
     */
    public int maxWaiters() {
        return maxWaiters;
    }

    /**
     * Whether entries are also kept in a bounded in-process near cache in front of the store,
     * invalidated across nodes over the store's pub/sub (default off; per namespace with
     * {@code cachet.namespaces.<ns>.near}).
     */
    public boolean nearCache() {
        return nearCache;
    }

    /** The most entries a store's near cache holds (default 10,000). */
    public int nearMaxEntries() {
        return nearMaxEntries;
    }

    /**
     * How long a near-cached entry is served at most; {@code null}: the default, 60 s with an
     * invalidation bus, 1 s without one (then it is the staleness bound).
     */
    public Duration nearTtl() {
        return nearTtl;
    }

    /**
     * How often each node sends a heartbeat on the invalidation bus; a node that has not heard its
     * own for three of these stops serving, and clears, its near cache until it does again.
     */
    public Duration nearHeartbeat() {
        return nearHeartbeat;
    }

    /** The default of {@link #staleOnError()}. */
    static boolean serverSideFailure(Throwable error) {
        if (!(error instanceof RuntimeException)) {
            return false;
        }
        for (Class<?> type = error.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals("jakarta.ws.rs.WebApplicationException")) {
                try {
                    Object response = type.getMethod("getResponse").invoke(error);
                    int status = (int) response.getClass().getMethod("getStatus").invoke(response);
                    return status < 400 || status >= 500;
                } catch (ReflectiveOperationException | RuntimeException unreadable) {
                    return true;
                }
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "CacheSettings[prefix=" + prefix + ", defaultExpire=" + defaultExpire + ", coder=" + coder
                + ", keyBuilder=" + keyBuilder + ", statusHeader=" + statusHeader + ", enabled=" + enabled
                + ", failOpen=" + failOpen + ", backendTimeout=" + backendTimeout + ", lockTimeout="
                + lockTimeout + "]";
    }

    /** Builds {@link CacheSettings}; each setter rejects a bad value naming it. */
    public static final class Builder {
        private String prefix = "cachet";
        private Duration defaultExpire;
        private Coder coder;
        private KeyBuilder keyBuilder;
        private String statusHeader = "X-Cachet";
        private String tagHeader = "Surrogate-Key";
        private boolean enabled = true;
        private boolean failOpen = true;
        private Duration backendTimeout = Duration.ofMillis(500);
        private Duration lockTimeout = Duration.ofSeconds(10);
        private int circuitFailureThreshold = 5;
        private Duration circuitOpenDuration = Duration.ofSeconds(5);
        private Duration warningInterval = Duration.ofSeconds(30);
        private InstantSource clock = InstantSource.system();
        private Duration staleWhileRevalidate = Duration.ZERO;
        private Duration staleIfError = Duration.ZERO;
        private java.util.function.Predicate<Throwable> staleOnError = CacheSettings::serverSideFailure;
        private int refreshThreads = 4;
        private boolean clusterFlight;
        private Duration leaseTime;
        private int maxWaiters = 10_000;
        private boolean nearCache;
        private int nearMaxEntries = 10_000;
        private Duration nearTtl;
        private Duration nearHeartbeat = Duration.ofMillis(100);

        private Builder() {
        }

        /** Non-empty, without {@code ':'} or whitespace. */
        public Builder prefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (prefix.isEmpty() || prefix.contains(":") || prefix.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(
                        "prefix must be non-empty, without ':' or whitespace, but was '" + prefix + "'");
            }
            this.prefix = prefix;
            return this;
        }

        /** Positive, or {@code null} for no default expiry. */
        public Builder defaultExpire(Duration defaultExpire) {
            this.defaultExpire = defaultExpire == null ? null : Require.positive("defaultExpire", defaultExpire);
            return this;
        }

        public Builder coder(Coder coder) {
            this.coder = Objects.requireNonNull(coder, "coder");
            return this;
        }

        public Builder keyBuilder(KeyBuilder keyBuilder) {
            this.keyBuilder = Objects.requireNonNull(keyBuilder, "keyBuilder");
            return this;
        }

        /** A valid HTTP header name (RFC 9110 token). */
        public Builder statusHeader(String statusHeader) {
            Objects.requireNonNull(statusHeader, "statusHeader");
            if (!HEADER_NAME.matcher(statusHeader).matches()) {
                throw new IllegalArgumentException("statusHeader must be an HTTP header name, but was '"
                        + statusHeader + "'");
            }
            this.statusHeader = statusHeader;
            return this;
        }

        /** A valid HTTP header name (RFC 9110 token) for a resource method's tags. */
        public Builder tagHeader(String tagHeader) {
            Objects.requireNonNull(tagHeader, "tagHeader");
            if (!HEADER_NAME.matcher(tagHeader).matches()) {
                throw new IllegalArgumentException("tagHeader must be an HTTP header name, but was '" + tagHeader + "'");
            }
            this.tagHeader = tagHeader;
            return this;
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /** {@code false}: a store failure fails the call with {@link CacheException}. */
        public Builder failOpen(boolean failOpen) {
            this.failOpen = failOpen;
            return this;
        }

        public Builder backendTimeout(Duration backendTimeout) {
            this.backendTimeout = Require.positive("backendTimeout", backendTimeout);
            return this;
        }

        public Builder lockTimeout(Duration lockTimeout) {
            this.lockTimeout = Require.positive("lockTimeout", lockTimeout);
            return this;
        }

        /** Consecutive failures (at least 1) before the store is skipped for a while. */
        public Builder circuitBreaker(int failureThreshold, Duration openDuration) {
            this.circuitFailureThreshold = Require.atLeast("circuit breaker failureThreshold", failureThreshold, 1);
            this.circuitOpenDuration = Require.positive("circuit breaker openDuration", openDuration);
            return this;
        }

        public Builder warningInterval(Duration warningInterval) {
            this.warningInterval = Require.notNegative("warningInterval", warningInterval);
            return this;
        }

        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Seconds an expired entry is served while it is refreshed in the background; zero: none. */
        public Builder staleWhileRevalidate(Duration window) {
            this.staleWhileRevalidate = Require.notNegative("staleWhileRevalidate", window);
            return this;
        }

        /** How long after expiry an entry answers for a failing method; zero: none. */
        public Builder staleIfError(Duration window) {
            this.staleIfError = Require.notNegative("staleIfError", window);
            return this;
        }

        /** Which failures a stale value answers for (see {@link CacheSettings#staleOnError()}). */
        public Builder staleOnError(java.util.function.Predicate<Throwable> failures) {
            this.staleOnError = Objects.requireNonNull(failures, "staleOnError");
            return this;
        }

        /** At least 1: background refreshes at once. */
        public Builder refreshThreads(int threads) {
            this.refreshThreads = Require.atLeast("refreshThreads", threads, 1);
            return this;
        }

        /** Whether methods that set no {@link Cached#flight()} use a cluster-wide flight. */
        public Builder clusterFlight(boolean clusterFlight) {
            this.clusterFlight = clusterFlight;
            return this;
        }

        /** Positive: how long a cluster-wide flight's lease lasts (default: the lock timeout). */
        public Builder leaseTime(Duration leaseTime) {
            this.leaseTime = Require.positive("leaseTime", leaseTime);
            return this;
        }

        /** At least 1: callers that wait for one computation of a key. */
        public Builder maxWaiters(int maxWaiters) {
            this.maxWaiters = Require.atLeast("maxWaiters", maxWaiters, 1);
            return this;
        }

        /** Keeps entries in an in-process near cache too (see {@link CacheSettings#nearCache()}). */
        public Builder nearCache(boolean nearCache) {
            this.nearCache = nearCache;
            return this;
        }

        /** At least 1: entries a store's near cache holds. */
        public Builder nearMaxEntries(int entries) {
            this.nearMaxEntries = Require.atLeast("nearMaxEntries", entries, 1);
            return this;
        }

        /** Positive: the longest a near-cached entry is served. */
        public Builder nearTtl(Duration ttl) {
            this.nearTtl = Require.positive("nearTtl", ttl);
            return this;
        }

        /** Positive: how often each node proves its invalidation bus works. */
        public Builder nearHeartbeat(Duration heartbeat) {
            this.nearHeartbeat = Require.positive("nearHeartbeat", heartbeat);
            return this;
        }

        public CacheSettings build() {
            return new CacheSettings(this);
        }
    }
}
