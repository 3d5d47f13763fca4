package io.cachet.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import io.cachet.spi.BackendEntry;
import io.cachet.spi.CacheBackend;
import io.cachet.spi.Capability;
import io.cachet.spi.KeyPage;
import io.cachet.spi.Require;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded default backend: a bounded Caffeine cache in this JVM, with a time to live per
 * entry. Expired entries are reclaimed by Caffeine's scheduler without being read.
 */
public final class InMemoryBackend implements CacheBackend {
    /** Per-entry bookkeeping charged against {@link Builder#maxBytes(long)}. */
    static final int ENTRY_OVERHEAD_BYTES = 64;
    private static final Set<Capability> CAPABILITIES =
            Set.copyOf(EnumSet.of(Capability.ITERATE_KEYS, Capability.COUNTS_CLEARED, Capability.LOCAL));

    private final Cache<String, Stored> cache;
    private final ConcurrentMap<String, Stored> map;
    private final AtomicLong versions = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long maxValueBytes;
    private final java.util.concurrent.atomic.LongAdder evictions = new java.util.concurrent.atomic.LongAdder();

    private InMemoryBackend(Builder builder) {
        // Maintenance (eviction, expiry bookkeeping) runs on the calling thread, amortized over
        // writes: handing it to the common pool woke a pool thread on most writes, which cost
        // more than the work itself.
        Caffeine<String, Stored> caffeine = Caffeine.newBuilder().expireAfter(new PerEntryTtl())
                .executor(Runnable::run)
                .evictionListener((String key, Stored stored, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                    if (cause == com.github.benmanes.caffeine.cache.RemovalCause.SIZE) {
                        evictions.increment();
                    }
                });
        if (builder.maxBytes > 0) {
            caffeine.maximumWeight(builder.maxBytes).weigher((key, stored) -> weigh(key, stored.value.length));
        } else {
            caffeine.maximumSize(builder.maxEntries);
        }
        if (builder.clock == null) {
            // Timed clean-ups wake on the JDK's timer thread but run on the common pool: with the
            // calling-thread executor they would otherwise run on that one JVM-wide timer thread.
            caffeine.scheduler((executor, command, delay, unit) -> Scheduler.systemScheduler()
                    .schedule(ForkJoinPool.commonPool(), command, delay, unit));
        } else {
            InstantSource clock = builder.clock;
            caffeine.ticker(tickerOf(clock));
        }
        this.cache = caffeine.build();
        this.map = cache.asMap();
        this.maxValueBytes = builder.maxBytes > 0
                ? Math.max(0, builder.maxBytes - ENTRY_OVERHEAD_BYTES)
                : builder.maxValueBytes;
    }

    /** A backend with the defaults: at most 10,000 entries, the system clock. */
    public static InMemoryBackend create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletionStage<BackendEntry> get(String key) {
        Stored stored = map.get(key);
        return CompletableFuture.completedFuture(stored == null ? null : stored.entry());
    }

    @Override
    public CompletionStage<Void> put(String key, byte[] value, Duration ttl) {
        map.put(key, store(value, ttl));
        return CompletableFuture.completedFuture(null);
    }

    /** Keeps {@code local} beside the bytes: {@link BackendEntry#local()} returns it. */
    @Override
    public CompletionStage<Void> put(String key, byte[] value, Object local, Duration ttl) {
        Objects.requireNonNull(value, "value");
        map.put(key, new Stored(value, versions.incrementAndGet(), ttlNanos(ttl), local));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Boolean> putIfAbsent(String key, byte[] value, Duration ttl) {
        Stored fresh = store(value, ttl);
        return CompletableFuture.completedFuture(map.putIfAbsent(key, fresh) == null);
    }

    @Override
    public CompletionStage<Boolean> putIfAbsent(String key, byte[] value, Object local, Duration ttl) {
        Objects.requireNonNull(value, "value");
        Stored fresh = new Stored(value, versions.incrementAndGet(), ttlNanos(ttl), local);
        return CompletableFuture.completedFuture(map.putIfAbsent(key, fresh) == null);
    }

    @Override
    public CompletionStage<Boolean> replace(String key, BackendEntry expected, byte[] value, Duration ttl) {
        return replace(key, expected, value, null, ttl);
    }

    @Override
    public CompletionStage<Boolean> replace(String key, BackendEntry expected, byte[] value, Object local,
                                            Duration ttl) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(value, "value");
        Stored fresh = new Stored(value, versions.incrementAndGet(), ttlNanos(ttl), local);
        boolean[] replaced = new boolean[1];
        map.computeIfPresent(key, (k, current) -> {
            if (current.version == expected.version()) {
                replaced[0] = true;
                return fresh;
            }
            return current;
        });
        return CompletableFuture.completedFuture(replaced[0]);
    }

    @Override
    public CompletionStage<Boolean> delete(String key) {
        return CompletableFuture.completedFuture(map.remove(key) != null);
    }

    @Override
    public CompletionStage<Boolean> delete(String key, BackendEntry expected) {
        Objects.requireNonNull(expected, "expected");
        boolean[] removed = new boolean[1];
        map.computeIfPresent(key, (k, current) -> {
            if (current.version == expected.version()) {
                removed[0] = true;
                return null;
            }
            return current;
        });
        return CompletableFuture.completedFuture(removed[0]);
    }

    @Override
    public CompletionStage<Long> clear(String namespacePrefix) {
        long removed = 0;
        for (String key : map.keySet()) {
            if (key.startsWith(namespacePrefix) && map.remove(key) != null) {
                removed++;
            }
        }
        return CompletableFuture.completedFuture(removed);
    }

    @Override
    public CompletionStage<KeyPage> scan(String namespacePrefix, String cursor, int limit) {
        if (limit <= 0) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException("limit must be positive, but was " + limit));
        }
        TreeSet<String> matching = new TreeSet<>();
        for (String key : map.keySet()) {
            if (key.startsWith(namespacePrefix)) {
                matching.add(key);
            }
        }
        Set<String> after = cursor == null ? matching : matching.tailSet(cursor, false);
        List<String> page = new ArrayList<>(Math.min(limit, after.size()));
        for (String key : after) {
            if (page.size() == limit) {
                break;
            }
            page.add(key);
        }
        String next = page.size() == limit && after.size() > limit ? page.get(page.size() - 1) : null;
        return CompletableFuture.completedFuture(new KeyPage(page, next));
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public long maxValueBytes() {
        return maxValueBytes;
    }

    @Override
    public String name() {
        return "memory";
    }

    /** Entries removed to stay within the bound (not the expired ones). */
    @Override
    public long evictions() {
        return evictions.sum();
    }

    /** The number of live entries, after reclaiming expired ones. */
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** Reclaims expired and evicted entries now, instead of on Caffeine's schedule. */
    public void cleanUp() {
        cache.cleanUp();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            cache.invalidateAll();
            cache.cleanUp();
        }
    }

    private Stored store(byte[] value, Duration ttl) {
        Objects.requireNonNull(value, "value");
        return new Stored(value, versions.incrementAndGet(), ttlNanos(ttl), null);
    }

    private static long ttlNanos(Duration ttl) {
        if (ttl == null) {
            return Long.MAX_VALUE;
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, but was " + ttl);
        }
        return saturatedNanos(ttl);
    }

    private static long saturatedNanos(Duration ttl) {
        try {
            return ttl.toNanos();
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    private static int weigh(String key, int valueLength) {
        long weight = (long) ENTRY_OVERHEAD_BYTES + 2L * key.length() + valueLength;
        return (int) Math.min(Integer.MAX_VALUE, weight);
    }

    private static Ticker tickerOf(InstantSource clock) {
        return () -> {
            var now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }

    /** What the cache holds per key: immutable, so a compute can swap it atomically. */
    private record Stored(byte[] value, long version, long ttlNanos, Object local) {
        BackendEntry entry() {
            return new BackendEntry(value, version, local);
        }
    }

    /** Each entry lives for its own time to live, reset on write, not on read. */
    private static final class PerEntryTtl implements Expiry<String, Stored> {
        @Override
        public long expireAfterCreate(String key, Stored value, long currentTime) {
            return value.ttlNanos;
        }

        @Override
        public long expireAfterUpdate(String key, Stored value, long currentTime, long currentDuration) {
            return value.ttlNanos;
        }

        @Override
        public long expireAfterRead(String key, Stored value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    /** Builds an {@link InMemoryBackend}; bounded by entries (default 10,000) or by bytes. */
    public static final class Builder {
        private long maxEntries = 10_000;
        private long maxBytes;
        private long maxValueBytes = 16L * 1024 * 1024;
        private InstantSource clock;

        private Builder() {
        }

        /** Bounds the cache by entry count (default 10,000); least-used entries are evicted. */
        public Builder maxEntries(long maxEntries) {
            this.maxEntries = Require.positive("maxEntries", maxEntries);
            this.maxBytes = 0;
            return this;
        }

        /** Bounds the cache by the bytes of its keys and values instead of by entry count. */
        public Builder maxBytes(long maxBytes) {
            if (maxBytes <= ENTRY_OVERHEAD_BYTES) {
                throw new IllegalArgumentException(
                        "maxBytes must be more than " + ENTRY_OVERHEAD_BYTES + ", but was " + maxBytes);
            }
            this.maxBytes = maxBytes;
            return this;
        }

        /** The largest single value cached when bounded by entries (default 16 MiB). */
        public Builder maxValueBytes(long maxValueBytes) {
            this.maxValueBytes = Require.positive("maxValueBytes", maxValueBytes);
            return this;
        }

        /**
         * Reads time from this clock instead of the system's (tests advance a manual clock, then
         * call {@link InMemoryBackend#cleanUp()}).
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public InMemoryBackend build() {
            return new InMemoryBackend(this);
        }
    }
}
