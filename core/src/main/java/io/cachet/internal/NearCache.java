package io.cachet.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cachet.spi.BackendEntry;
import io.cachet.spi.CacheBackend;
import io.cachet.spi.Capability;
import io.cachet.spi.KeyPage;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * A bounded in-process copy of a remote store's entries, in front of it (under the guard, so a
 * near hit is one local lookup): reads of the keys {@code cached} accepts are answered locally when
 * they can be, and every write, removal or clear through it removes the local copy here and, over
 * the invalidation bus (the store's own pub/sub, or another store's), on every other node.
 *
 * <p>How a copy can never outlive a change by more than the bound:
 * <ul>
 *   <li>A copy is installed only if no invalidation arrived between the start of the remote read
 *       and its answer (an epoch counter), so a read that raced a change never keeps the old value.</li>
 *   <li>Each node publishes its invalidations in order, batched, each message numbered; a node that
 *       sees a gap in another's numbers (a lost message) clears its copies. Every node also sends a
 *       numbered heartbeat each {@code heartbeat}, so a lost message is noticed within one.</li>
 *   <li>A node that has not heard its own heartbeat for three intervals (its subscription is down)
 *       stops serving and installing copies and clears them, until it hears one again.</li>
 *   <li>Without a bus (Memcached, DynamoDB, no {@code cachet.near.bus}), a copy lives at most the
 *       near TTL, which is then the staleness bound.</li>
 * </ul>
 */
final class NearCache implements CacheBackend {
    /** A heartbeat entry; invalidations are {@code k} (a key) and {@code c} (a namespace prefix). */
    private static final String HEARTBEAT = entry('h', "");

    private final CacheBackend remote;
    private final CacheBackend bus;
    private final String channel;
    private final Predicate<String> cached;
    private final Cache<String, BackendEntry> local;
    /**
     * Bumped by every clear and repair; {@link #stripes} by every invalidation of a key of the stripe.
     * A read that saw either change for its key does not install its answer.
     */
    private final AtomicLong epoch = new AtomicLong();
    /** Keys share a stripe: an invalidation of one keeps reads of the others in flight from installing. */
    private static final int STRIPES = 4096;
    private final java.util.concurrent.atomic.AtomicLongArray stripes = new java.util.concurrent.atomic.AtomicLongArray(STRIPES);
    private final String node = UUID.randomUUID().toString();
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Long> heard = new ConcurrentHashMap<>();
    /** When each other node was last heard (nanoTime): one silent for three heartbeats may have lost messages. */
    private final Map<String, Long> heardAt = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> outgoing = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final long heartbeatNanos;
    private volatile long ownHeartbeatAt;
    private volatile boolean healthy;
    private final ScheduledExecutorService heartbeats;
    private final AutoCloseable subscription;

    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    /** Times the copies were all dropped: a gap in a node's messages, the bus lost or regained. */
    final LongAdder repairs = new LongAdder();

    /**
     * @param bus where invalidations travel ({@code null}: none, copies live the TTL at most)
     * @param channel the bus channel of this store (the same on every node)
     * @param cached which keys are kept near
     */
    NearCache(CacheBackend remote, CacheBackend bus, String channel, Predicate<String> cached, int maxEntries,
              Duration ttl, Duration heartbeat, InstantSource clock) {
        this.remote = remote;
        this.bus = bus;
        this.channel = channel;
        // Tag versions are shared by every namespace on the store: kept near only when a bus invalidates them.
        this.cached = bus != null ? cached : key -> cached.test(key) && !isTagKey(key);
        this.heartbeatNanos = heartbeat.toNanos();
        Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl)
                .executor(Runnable::run);
        if (clock != InstantSource.system()) {
            builder.ticker(() -> clock.millis() * 1_000_000L);
        }
        this.local = builder.build();
        if (bus == null) {
            this.healthy = true;
            this.heartbeats = null;
            this.subscription = () -> { };
        } else {
            this.subscription = bus.subscribe(channel, this::heard);
            this.heartbeats = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "cachet-near-heartbeat");
                thread.setDaemon(true);
                return thread;
            });
            this.heartbeats.scheduleWithFixedDelay(this::beat, 0, heartbeatNanos, TimeUnit.NANOSECONDS);
        }
    }

    private static boolean isTagKey(String key) {
        int first = key.indexOf(':');
        return first >= 0 && key.startsWith("cachet-tag:", first + 1);
    }

    /** The store this near cache fronts. */
    CacheBackend remote() {
        return remote;
    }

    /** Whether copies are served now: no bus, or this node heard its own heartbeat lately. */
    boolean healthy() {
        if (bus == null) {
            return true;
        }
        if (healthy && System.nanoTime() - ownHeartbeatAt > 3 * heartbeatNanos) {
            lost();
        }
        return healthy;
    }

    /** Other nodes heard lately. */
    int peers() {
        return heardAt.size();
    }

    /** The copies held now (tests, metrics). */
    long size() {
        local.cleanUp();
        return local.estimatedSize();
    }

    // ---- the bus ----

    private void beat() {
        try {
            healthy(); // notices a silent bus even when nothing reads
            long now = System.nanoTime();
            for (Map.Entry<String, Long> peer : heardAt.entrySet()) {
                if (now - peer.getValue() > 3 * heartbeatNanos) {
                    // gone quiet (stopped, crashed, or its messages no longer arrive): what it changed
                    // last may never have been heard
                    heardAt.remove(peer.getKey());
                    heard.remove(peer.getKey());
                    repair();
                }
            }
            send(HEARTBEAT);
        } catch (Throwable e) {
            // a heartbeat that failed must not end the schedule; the next one tries again
        }
    }

    private void lost() {
        if (healthy) {
            healthy = false;
            repair();
        }
    }

    /** Where {@code key} stands: the epoch in the high half, its stripe's count in the low (both grow). */
    private long stamp(String key) {
        return epoch.get() << 32 | (stripes.get(stripe(key)) & 0xFFFFFFFFL);
    }

    private static int stripe(String key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }

    /** The key's copy goes, and reads of it under way do not install what they read. */
    private void invalidate(String key) {
        stripes.incrementAndGet(stripe(key));
        local.invalidate(key);
    }

    private void repair() {
        epoch.incrementAndGet();
        local.invalidateAll();
        repairs.increment();
    }

    /**
     * One entry of a message: its kind, the payload's length, {@code ':'}, the payload (keys may
     * hold any character, so nothing in them is taken for a separator).
     */
    private static String entry(char kind, String payload) {
        return kind + Integer.toString(payload.length()) + ':' + payload;
    }

    /**
     * The entry that invalidates {@code key} on the other nodes; a key the bus cannot carry as it is
     * (text that is not valid Unicode) invalidates its whole namespace there.
     */
    private static String invalidation(String key) {
        if (java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(key)) {
            return entry('k', key);
        }
        int first = key.indexOf(':');
        int second = key.indexOf(':', first + 1);
        return entry('c', key.substring(0, second + 1));
    }

    /** Queues an entry and sends what is queued, in order, one message at a time. */
    private void send(String line) {
        if (bus == null) {
            return;
        }
        outgoing.add(line);
        drain();
    }

    private void drain() {
        if (!sending.compareAndSet(false, true)) {
            return;
        }
        try {
            publishQueued();
        } catch (Throwable e) {
            sending.set(false); // never stuck: later messages, and heartbeats, still go out
        }
    }

    private void publishQueued() {
        StringBuilder message = new StringBuilder();
        for (String line = outgoing.poll(); line != null; line = outgoing.poll()) {
            message.append(line);
        }
        if (message.length() == 0) {
            sending.set(false);
            if (!outgoing.isEmpty()) {
                drain();
            }
            return;
        }
        String numbered = node + ' ' + sequence.incrementAndGet() + ' ' + message;
        CompletionStage<Void> published;
        try {
            published = bus.publish(channel, numbered);
        } catch (RuntimeException e) {
            published = CompletableFuture.failedFuture(e);
        }
        // A message that failed keeps its number: the next one shows the others a gap, and they repair.
        // Its own stage, bounded: a bus that never answers must not stop this node's later messages.
        CompletableFuture<Void> bounded = new CompletableFuture<>();
        published.whenComplete((ok, error) -> bounded.complete(null));
        bounded.orTimeout(Math.max(1_000_000_000L, 10 * heartbeatNanos), TimeUnit.NANOSECONDS).whenComplete((ok, error) -> {
            sending.set(false);
            if (!outgoing.isEmpty()) {
                drain();
            }
        });
    }

    /**
     * A message on the bus, {@code <node> <number> <entries>}: this node's own (its heartbeat says
     * the bus works), or another node's invalidations.
     */
    private void heard(String message) {
        if (message == null) {
            repair(); // a bus that carries no content: nothing to go by
            return;
        }
        int space = message.indexOf(' ');
        int start = space < 0 ? -1 : message.indexOf(' ', space + 1);
        if (start < 0) {
            repair();
            return;
        }
        String origin = message.substring(0, space);
        long number;
        List<String[]> entries;
        try {
            number = Long.parseLong(message.substring(space + 1, start));
            entries = entries(message, start + 1);
        } catch (RuntimeException unreadable) {
            repair();
            return;
        }
        if (origin.equals(node)) {
            for (String[] entry : entries) {
                if (entry[0].equals("h")) {
                    ownHeartbeatAt = System.nanoTime();
                    if (!healthy) {
                        repair(); // whatever was copied before the bus was lost is gone; copies start afresh
                        healthy = true;
                    }
                }
            }
            return; // this node's own invalidations were applied when made
        }
        heardAt.put(origin, System.nanoTime());
        Long previous = heard.put(origin, number);
        if (previous == null ? number != 1 : number != previous + 1) {
            repair(); // a message of that node was lost (or came out of order): drop every copy
        }
        for (String[] entry : entries) {
            apply(entry[0].charAt(0), entry[1]);
        }
    }

    /** The entries of a message from {@code at}: kind and payload each. */
    private static List<String[]> entries(String message, int at) {
        List<String[]> entries = new ArrayList<>();
        while (at < message.length()) {
            int colon = message.indexOf(':', at);
            int length = Integer.parseInt(message.substring(at + 1, colon));
            entries.add(new String[] {message.substring(at, at + 1), message.substring(colon + 1, colon + 1 + length)});
            at = colon + 1 + length;
        }
        return entries;
    }

    private void apply(char kind, String payload) {
        switch (kind) {
            case 'h' -> { }
            case 'k' -> invalidate(payload);
            case 'c' -> {
                epoch.incrementAndGet();
                local.asMap().keySet().removeIf(key -> key.startsWith(payload));
            }
            default -> repair();
        }
    }

    // ---- reads ----

    /** This node's copy of {@code key} if it is kept near and served now; {@code null} otherwise (counted as a hit). */
    BackendEntry copy(String key) {
        if (!cached.test(key) || !healthy()) {
            return null;
        }
        BackendEntry copy = local.getIfPresent(key);
        if (copy != null) {
            hits.increment();
        }
        return copy;
    }

    @Override
    public CompletionStage<BackendEntry> get(String key) {
        if (!cached.test(key)) {
            return remote.get(key);
        }
        if (healthy()) {
            BackendEntry copy = local.getIfPresent(key);
            if (copy != null) {
                hits.increment();
                return CompletableFuture.completedFuture(copy);
            }
        }
        misses.increment();
        long before = stamp(key);
        return remote.get(key).thenApply(entry -> {
            install(key, entry, before);
            return entry;
        });
    }

    @Override
    public CompletionStage<List<BackendEntry>> getAll(List<String> keys) {
        boolean serving = healthy();
        List<BackendEntry> found = new ArrayList<>(keys.size());
        List<String> missing = new ArrayList<>();
        for (String key : keys) {
            BackendEntry copy = serving && cached.test(key) ? local.getIfPresent(key) : null;
            found.add(copy);
            if (copy == null) {
                missing.add(key);
            }
        }
        if (missing.isEmpty()) {
            hits.increment();
            return CompletableFuture.completedFuture(found);
        }
        misses.increment();
        long[] before = new long[keys.size()];
        for (int i = 0; i < before.length; i++) {
            before[i] = stamp(keys.get(i));
        }
        return remote.getAll(missing).thenApply(read -> {
            int next = 0;
            for (int i = 0; i < found.size(); i++) {
                if (found.get(i) == null) {
                    BackendEntry entry = read.get(next++);
                    found.set(i, entry);
                    if (cached.test(keys.get(i))) {
                        install(keys.get(i), entry, before[i]);
                    }
                }
            }
            return found;
        });
    }

    /** Keeps a copy of what the store answered, unless an invalidation arrived meanwhile or the bus is down. */
    private void install(String key, BackendEntry entry, long stampBefore) {
        if (entry != null && stamp(key) == stampBefore && healthy()) {
            local.put(key, entry);
            if (stamp(key) != stampBefore) {
                local.invalidate(key); // an invalidation slipped in while installing
            }
        }
    }

    // ---- writes: the local copy goes, here at once and on the other nodes over the bus ----

    private <T> CompletionStage<T> changing(String key, CompletionStage<T> change) {
        if (!cached.test(key)) {
            return change;
        }
        return change.whenComplete((result, error) -> {
            invalidate(key);
            send(invalidation(key)); // after the store changed (or failed to): the others read the new value
        });
    }

    private void dropLocal(String key) {
        if (cached.test(key)) {
            invalidate(key);
        }
    }

    /** The value written is this node's copy too (unless an invalidation came in meanwhile). */
    @Override
    public CompletionStage<Void> put(String key, byte[] value, Duration ttl) {
        dropLocal(key);
        if (!cached.test(key)) {
            return remote.put(key, value, ttl);
        }
        long before = stamp(key);
        return remote.put(key, value, ttl).whenComplete((ok, error) -> {
            invalidate(key);
            send(invalidation(key));
            long expected = before + 1; // this write's own invalidation, and no other
            // a tag version is not copied from its own write: invalidateTag reads it back from the store
            if (error == null && !isTagKey(key) && (expected & 0xFFFFFFFFL) != 0 && stamp(key) == expected
                    && healthy()) {
                local.put(key, BackendEntry.of(value));
                if (stamp(key) != expected) {
                    local.invalidate(key); // an invalidation slipped in while installing
                }
            }
        });
    }

    @Override
    public CompletionStage<Boolean> putIfAbsent(String key, byte[] value, Duration ttl) {
        dropLocal(key);
        return changing(key, remote.putIfAbsent(key, value, ttl));
    }

    @Override
    public CompletionStage<Boolean> replace(String key, BackendEntry expected, byte[] value, Duration ttl) {
        dropLocal(key);
        return changing(key, remote.replace(key, expected, value, ttl));
    }

    @Override
    public CompletionStage<Boolean> delete(String key) {
        dropLocal(key);
        return changing(key, remote.delete(key));
    }

    @Override
    public CompletionStage<Boolean> delete(String key, BackendEntry expected) {
        dropLocal(key);
        return changing(key, remote.delete(key, expected));
    }

    @Override
    public CompletionStage<Long> clear(String namespacePrefix) {
        epoch.incrementAndGet();
        local.asMap().keySet().removeIf(key -> key.startsWith(namespacePrefix));
        return remote.clear(namespacePrefix).whenComplete((removed, error) -> {
            epoch.incrementAndGet();
            local.asMap().keySet().removeIf(key -> key.startsWith(namespacePrefix));
            send(entry('c', namespacePrefix));
        });
    }

    // ---- the rest is the store's ----

    @Override
    public CompletionStage<KeyPage> scan(String namespacePrefix, String cursor, int limit) {
        return remote.scan(namespacePrefix, cursor, limit);
    }

    @Override
    public CompletionStage<Void> publish(String channel) {
        return remote.publish(channel);
    }

    @Override
    public CompletionStage<Void> publish(String channel, String message) {
        return remote.publish(channel, message);
    }

    @Override
    public AutoCloseable subscribe(String channel, Runnable listener) {
        return remote.subscribe(channel, listener);
    }

    @Override
    public AutoCloseable subscribe(String channel, java.util.function.Consumer<String> listener) {
        return remote.subscribe(channel, listener);
    }

    @Override
    public Set<Capability> capabilities() {
        return remote.capabilities();
    }

    @Override
    public long maxValueBytes() {
        return remote.maxValueBytes();
    }

    @Override
    public long evictions() {
        return remote.evictions();
    }

    @Override
    public String name() {
        return remote.name();
    }

    /** Stops the heartbeat and the subscription; the store itself is closed by whoever created it. */
    @Override
    public void close() {
        if (heartbeats != null) {
            heartbeats.shutdownNow();
            drain(); // what is queued still goes out, for at most a second: the others must hear this node's last changes
            long deadline = System.nanoTime() + 1_000_000_000L;
            while ((sending.get() || !outgoing.isEmpty()) && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                drain();
            }
        }
        try {
            subscription.close();
        } catch (Exception ignored) {
            // the bus is going away too
        }
        local.invalidateAll();
    }
}
