package io.cachet.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cachet.spi.BackendEntry;
import io.cachet.spi.CacheBackend;
import io.cachet.spi.CacheBackendException;
import io.cachet.spi.Capability;
import io.cachet.spi.KeyPage;
import org.redisson.api.RBucket;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The Redis backend, on Redisson: standalone, Sentinel or Cluster, whichever the client is
 * configured for. Values are always read and written with Redisson's {@link ByteArrayCodec},
 * whatever codec the client was configured with, so bytes are stored exactly.
 *
 * <p>Create one from a {@link RedisSettings} (Cachet owns and shuts down the client) or around
 * an application's own {@link RedissonClient} with {@link #using} (the application shuts it down).
 */
public final class RedisBackend implements CacheBackend {
    /** Keys per UNLINK when clearing a namespace. */
    static final int UNLINK_BATCH = 500;
    /** Keys per SCAN round trip when clearing or listing a namespace. */
    static final int SCAN_CHUNK = 1000;
    private static final Set<Capability> CAPABILITIES =
            Set.copyOf(EnumSet.of(Capability.ITERATE_KEYS, Capability.COUNTS_CLEARED, Capability.NOTIFY));

    /** Compare-and-set on the stored bytes: the entry is replaced only if it is what the caller read. */
    private static final String REPLACE_IF_EQUAL = """
            if redis.call('get', KEYS[1]) == ARGV[1] then
              if ARGV[3] == '0' then redis.call('set', KEYS[1], ARGV[2])
              else redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
              return 1
            end
            return 0""";
    /** Compare-and-delete on the stored bytes: the entry is removed only if it is what the caller read. */
    private static final String DELETE_IF_EQUAL = """
            if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('del', KEYS[1]) return 1 end
            return 0""";

    private final RedissonClient client;
    private final boolean ownsClient;
    private final long maxValueBytes;
    private final RScript script;
    /** Runs the blocking namespace scans (clear, list) off the callers' threads. */
    private final ExecutorService scans;
    private final Cache<String, Iterator<String>> openScans =
            Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).maximumSize(1_000).build();
    private final AtomicBoolean closed = new AtomicBoolean();

    RedisBackend(RedissonClient client, boolean ownsClient, long maxValueBytes) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.maxValueBytes = maxValueBytes;
        this.script = client.getScript(ByteArrayCodec.INSTANCE);
        AtomicInteger threads = new AtomicInteger();
        this.scans = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "cachet-redis-scan-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A backend with its own client, built from these settings; closing it shuts the client down. */
    public static RedisBackend create(RedisSettings settings) {
        return new RedisBackend(settings.createClient(), true, settings.maxValueBytes());
    }

    /**
     * A backend over the application's client, which stays the application's to shut down.
     * Values over 16 MiB are not cached.
     */
    public static RedisBackend using(RedissonClient client) {
        return new RedisBackend(client, false, RedisSettings.DEFAULT_MAX_VALUE_BYTES);
    }

    /** The Redisson client, for {@code unwrap}-style access. */
    public RedissonClient client() {
        return client;
    }

    private RBucket<byte[]> bucket(String key) {
        return client.getBucket(key, ByteArrayCodec.INSTANCE);
    }

    @Override
    public CompletionStage<BackendEntry> get(String key) {
        return call("GET", key, () -> bucket(key).getAsync()).thenApply(value -> value == null ? null : BackendEntry.of(value));
    }

    /** One {@code MGET} (on a Cluster, Redisson sends one per slot, at once). */
    @Override
    public CompletionStage<List<BackendEntry>> getAll(List<String> keys) {
        return call("MGET", keys.get(0), () -> client.getBuckets(ByteArrayCodec.INSTANCE)
                .<byte[]>getAsync(keys.toArray(String[]::new))).thenApply(found -> {
                    List<BackendEntry> entries = new java.util.ArrayList<>(keys.size());
                    for (String key : keys) {
                        byte[] value = found.get(key);
                        entries.add(value == null ? null : BackendEntry.of(value));
                    }
                    return entries;
                });
    }

    @Override
    public CompletionStage<Void> put(String key, byte[] value, Duration ttl) {
        return call("SET", key, () -> ttl == null ? bucket(key).setAsync(value) : bucket(key).setAsync(value, atLeastOneMilli(ttl)));
    }

    @Override
    public CompletionStage<Boolean> putIfAbsent(String key, byte[] value, Duration ttl) {
        return call("SET NX", key, () -> ttl == null ? bucket(key).setIfAbsentAsync(value)
                : bucket(key).setIfAbsentAsync(value, atLeastOneMilli(ttl)));
    }

    @Override
    public CompletionStage<Boolean> replace(String key, BackendEntry expected, byte[] value, Duration ttl) {
        Objects.requireNonNull(expected, "expected");
        byte[] ttlMillis = Long.toString(ttl == null ? 0 : atLeastOneMilli(ttl).toMillis()).getBytes(StandardCharsets.US_ASCII);
        return call("CAS", key, () -> script.<Boolean>evalAsync(key, RScript.Mode.READ_WRITE, REPLACE_IF_EQUAL,
                RScript.ReturnType.BOOLEAN, List.of(key), expected.value(), value, ttlMillis));
    }

    /** PUBLISH on the channel (Redis pub/sub reaches every node, a Cluster's included). */
    @Override
    public CompletionStage<Void> publish(String channel) {
        return call("PUBLISH", channel, () -> client.getTopic(channel, StringCodec.INSTANCE).publishAsync("1"))
                .thenApply(receivers -> null);
    }

    /** SUBSCRIBE through Redisson's pub/sub connection, without waiting; closing the handle removes the listener. */
    @Override
    public AutoCloseable subscribe(String channel, Runnable listener) {
        org.redisson.api.RTopic topic = client.getTopic(channel, StringCodec.INSTANCE);
        // asynchronous: a waiter never blocks on subscribing (a message before it is subscribed is missed; it polls too)
        CompletionStage<Integer> id = topic.addListenerAsync(String.class, (name, message) -> listener.run());
        return () -> id.thenAccept(topic::removeListenerAsync);
    }

    @Override
    public CompletionStage<Void> publish(String channel, String message) {
        return call("PUBLISH", channel, () -> client.getTopic(channel, StringCodec.INSTANCE).publishAsync(message))
                .thenApply(receivers -> null);
    }

    @Override
    public AutoCloseable subscribe(String channel, java.util.function.Consumer<String> listener) {
        org.redisson.api.RTopic topic = client.getTopic(channel, StringCodec.INSTANCE);
        CompletionStage<Integer> id = topic.addListenerAsync(String.class, (name, message) -> listener.accept(message));
        return () -> id.thenAccept(topic::removeListenerAsync);
    }

    @Override
    public CompletionStage<Boolean> delete(String key) {
        return call("DEL", key, () -> bucket(key).deleteAsync());
    }

    @Override
    public CompletionStage<Boolean> delete(String key, BackendEntry expected) {
        Objects.requireNonNull(expected, "expected");
        return call("CAD", key, () -> script.<Boolean>evalAsync(key, RScript.Mode.READ_WRITE, DELETE_IF_EQUAL,
                RScript.ReturnType.BOOLEAN, List.of(key), expected.value()));
    }

    /**
     * SCAN (never KEYS) over every master, unlinking in batches of {@value #UNLINK_BATCH}: the
     * server is never blocked by one long command, and a cluster is cleared on all nodes.
     */
    @Override
    public CompletionStage<Long> clear(String namespacePrefix) {
        return offCaller("clear " + namespacePrefix, () -> {
            long removed = 0;
            List<String> batch = new ArrayList<>(UNLINK_BATCH);
            for (String key : keys(namespacePrefix)) {
                batch.add(key);
                if (batch.size() == UNLINK_BATCH) {
                    removed += client.getKeys().unlink(batch.toArray(String[]::new));
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                removed += client.getKeys().unlink(batch.toArray(String[]::new));
            }
            return removed;
        });
    }

    @Override
    public CompletionStage<KeyPage> scan(String namespacePrefix, String cursor, int limit) {
        if (limit <= 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("limit must be positive, but was " + limit));
        }
        return offCaller("scan " + namespacePrefix, () -> {
            Iterator<String> keys;
            if (cursor == null) {
                keys = keys(namespacePrefix).iterator();
            } else {
                keys = openScans.asMap().remove(cursor);
                if (keys == null) {
                    throw new CacheBackendException("scan cursor " + cursor + " is unknown or expired (10 minutes idle)");
                }
            }
            List<String> page = new ArrayList<>(Math.min(limit, 1024));
            while (page.size() < limit && keys.hasNext()) {
                page.add(keys.next());
            }
            String next = null;
            if (keys.hasNext()) {
                next = UUID.randomUUID().toString();
                openScans.put(next, keys);
            }
            return new KeyPage(page, next);
        });
    }

    private Iterable<String> keys(String namespacePrefix) {
        return client.getKeys().getKeys(KeysScanOptions.defaults().pattern(globEscape(namespacePrefix) + "*")
                .chunkSize(SCAN_CHUNK));
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
        return "redis";
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            scans.shutdownNow();
            openScans.invalidateAll();
            if (ownsClient) {
                client.shutdown(0, 2, TimeUnit.SECONDS);
            }
        }
    }

    /** Escapes SCAN MATCH's glob characters, so a prefix matches only itself. */
    static String globEscape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\' || c == '^' || c == '-') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    private static Duration atLeastOneMilli(Duration ttl) {
        return ttl.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : ttl;
    }

    /** Runs a Redisson call, reporting any failure (thrown or in the future) as a backend exception. */
    private <T> CompletionStage<T> call(String command, String key, Supplier<CompletionStage<T>> operation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            operation.get().whenComplete((value, error) -> {
                if (error == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(failure(command, key, error));
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(failure(command, key, e));
        }
        return result;
    }

    private <T> CompletionStage<T> offCaller(String what, Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return work.get();
                } catch (CacheBackendException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw failure(what, "", e);
                }
            }, scans);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new CacheBackendException("redis backend is closed"));
        }
    }

    private static CacheBackendException failure(String command, String key, Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return new CacheBackendException("redis " + command + (key.isEmpty() ? "" : " " + key) + " failed: " + cause, cause);
    }

    @Override
    public String toString() {
        return "RedisBackend[" + (ownsClient ? "own client" : "application client") + "]";
    }
}
