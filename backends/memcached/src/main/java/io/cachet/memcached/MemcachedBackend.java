package io.cachet.memcached;

import io.cachet.spi.BackendEntry;
import io.cachet.spi.CacheBackend;
import io.cachet.spi.CacheBackendException;
import io.cachet.spi.Capability;
import io.cachet.spi.KeyPage;
import net.spy.memcached.CASResponse;
import net.spy.memcached.CASValue;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.auth.AuthDescriptor;
import net.spy.memcached.auth.PlainCallbackHandler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Memcached backend, on spymemcached: any number of nodes, consistent (KETAMA) hashing, the
 * binary protocol, raw bytes.
 *
 * <p>Memcached cannot list or delete by prefix, so each namespace has a version counter
 * ({@code v{prefix}:{namespace}:}, created with a random 62-bit value) and every entry lives
 * under {@code k{prefix}:{namespace}:{version}:{id}}. Clearing a namespace increments its
 * counter: the old entries become unreachable at once and age out. A read fetches the counter and
 * the entry (under the version this JVM last saw) in one multi-get, so it stays one round trip
 * and an entry cleared by another JVM is never served; only when the counter moved does a read
 * take a second round trip. Writes use the last version seen: a write racing a clear lands under
 * the old version and is never read.
 *
 * <p>A node that goes down fails its keys' operations at once (spymemcached's {@code Cancel}
 * failure mode: keys never move to another node, where they could outlive a clear), and the
 * client reconnects when it returns.
 */
public final class MemcachedBackend implements CacheBackend {
    /** memcached reads expiry times above 30 days as absolute Unix times. */
    static final long RELATIVE_TTL_LIMIT_SECONDS = 30L * 24 * 60 * 60;
    private static final Set<Capability> CAPABILITIES = Set.of();

    static {
        if (System.getProperty("net.spy.log.LoggerImpl") == null) {
            System.setProperty("net.spy.log.LoggerImpl", SpyLogger.class.getName());
        }
    }

    private final MemcachedClient client;
    private final boolean ownsClient;
    private final ExecutorService listeners;
    private final long maxValueBytes;
    private final InstantSource clock;
    /** The last version seen per {@code {prefix}:{namespace}:}. */
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private MemcachedBackend(MemcachedClient client, boolean ownsClient, ExecutorService listeners, long maxValueBytes,
                             InstantSource clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.listeners = listeners;
        this.maxValueBytes = maxValueBytes;
        this.clock = clock;
    }

    /** A backend with its own client; closing the backend shuts the client (and its IO thread) down. */
    public static MemcachedBackend create(MemcachedSettings settings) {
        ExecutorService listeners = new DirectExecutorService();
        ConnectionFactoryBuilder factory = new ConnectionFactoryBuilder()
                .setProtocol(ConnectionFactoryBuilder.Protocol.BINARY)
                .setLocatorType(ConnectionFactoryBuilder.Locator.CONSISTENT)
                .setHashAlg(DefaultHashAlgorithm.KETAMA_HASH)
                .setFailureMode(FailureMode.Cancel)
                .setOpTimeout(settings.operationTimeout().toMillis())
                .setMaxReconnectDelay(Math.max(1, settings.maxReconnectDelay().toSeconds()))
                .setDaemon(true)
                .setListenerExecutorService(listeners);
        if (settings.username() != null) {
            factory.setAuthDescriptor(new AuthDescriptor(new String[] {"PLAIN"},
                    new PlainCallbackHandler(settings.username(), settings.password())));
        }
        List<InetSocketAddress> nodes = settings.nodes().stream()
                .map(node -> new InetSocketAddress(node.getHostString(), node.getPort())).toList();
        // spymemcached connects in the background and, in Cancel mode, cancels what is sent to a
        // node not yet connected: wait (boundedly) for the first connections, so calls made right
        // after start-up are not failed. A node that is down stays down without blocking longer.
        java.util.concurrent.CountDownLatch connected = new java.util.concurrent.CountDownLatch(nodes.size());
        factory.setInitialObservers(List.of(new net.spy.memcached.ConnectionObserver() {
            @Override
            public void connectionEstablished(java.net.SocketAddress address, int reconnectCount) {
                connected.countDown();
            }

            @Override
            public void connectionLost(java.net.SocketAddress address) {
                // reconnection is spymemcached's job
            }
        }));
        try {
            MemcachedClient client = new MemcachedClient(factory.build(), nodes);
            try {
                connected.await(settings.operationTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new MemcachedBackend(client, true, listeners, settings.maxValueBytes(), InstantSource.system());
        } catch (IOException e) {
            listeners.shutdownNow();
            throw new IllegalArgumentException("cannot create a memcached client for " + nodes + ": " + e, e);
        }
    }

    /**
     * A backend over the application's client (which stays the application's to shut down). Cachet
     * passes its own raw-bytes transcoder on every call, whatever the client's default.
     */
    public static MemcachedBackend using(MemcachedClient client) {
        return new MemcachedBackend(client, false, null, MemcachedSettings.DEFAULT_MAX_VALUE_BYTES,
                InstantSource.system());
    }

    public MemcachedClient client() {
        return client;
    }

    // ---- keys and namespace versions ----

    /** The {@code {prefix}:{namespace}:} of a key. */
    static String namespaceOf(String key) {
        int first = key.indexOf(':');
        int second = first < 0 ? -1 : key.indexOf(':', first + 1);
        if (second < 0) {
            throw new IllegalArgumentException("key must be {prefix}:{namespace}:{id}, but was '" + key + "'");
        }
        return key.substring(0, second + 1);
    }

    static String versionKey(String namespace) {
        return KeyMapper.map('v', 'w', namespace);
    }

    static String dataKey(String key, String namespace, long version) {
        return KeyMapper.map('k', 'h', namespace + version + ":" + key.substring(namespace.length()));
    }

    private static long freshVersion() {
        return ThreadLocalRandom.current().nextLong(1, 1L << 62);
    }

    /** The namespace's version, from this JVM's memory or (once) from the server. */
    private CompletionStage<Long> version(String namespace) {
        Long known = versions.get(namespace);
        return known != null ? CompletableFuture.completedFuture(known) : fetchVersion(namespace);
    }

    /** INCR by 0, creating the counter with a random value if it is missing (never started, or evicted). */
    private CompletionStage<Long> fetchVersion(String namespace) {
        return this.<Long>op("INCR", namespace, () -> client.asyncIncr(versionKey(namespace), 0L, freshVersion(), 0))
                .thenApply(version -> remember(namespace, version));
    }

    private long remember(String namespace, Long version) {
        if (version == null || version < 0) {
            throw new CacheBackendException("memcached could not read the version of namespace " + namespace);
        }
        versions.put(namespace, version);
        return version;
    }

    // ---- operations ----

    @Override
    public CompletionStage<BackendEntry> get(String key) {
        String namespace;
        try {
            namespace = namespaceOf(key);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        Long known = versions.get(namespace);
        if (known == null) {
            return fetchVersion(namespace).thenCompose(version -> read(dataKey(key, namespace, version)));
        }
        String versionKey = versionKey(namespace);
        String dataKey = dataKey(key, namespace, known);
        return bulk(versionKey, dataKey).thenCompose(found -> {
            Long current = parseVersion(found.get(versionKey));
            if (known.equals(current)) {
                return CompletableFuture.completedFuture(entry(found.get(dataKey)));
            }
            // The namespace was cleared (or its counter evicted) since this JVM last looked.
            versions.remove(namespace, known);
            return fetchVersion(namespace).thenCompose(version -> read(dataKey(key, namespace, version)));
        });
    }

    private CompletionStage<BackendEntry> read(String dataKey) {
        return op("GET", dataKey, () -> client.asyncGet(dataKey, RawBytesTranscoder.INSTANCE)).thenApply(this::entry);
    }

    private BackendEntry entry(Object value) {
        return value == null ? null : BackendEntry.of((byte[]) value);
    }

    private CompletionStage<Map<String, byte[]>> bulk(String versionKey, String dataKey) {
        return op("GET", dataKey, () -> client.asyncGetBulk(RawBytesTranscoder.INSTANCE, versionKey, dataKey));
    }

    private static Long parseVersion(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return Long.parseLong(new String(bytes, StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public CompletionStage<Void> put(String key, byte[] value, Duration ttl) {
        return withDataKey(key, dataKey -> op("SET", dataKey,
                () -> client.set(dataKey, expiration(ttl), value, RawBytesTranscoder.INSTANCE)))
                .thenApply(stored -> {
                    if (!Boolean.TRUE.equals(stored)) {
                        throw new CacheBackendException("memcached refused to store " + key + " (" + value.length
                                + " bytes; over the server's item size?)");
                    }
                    return null;
                });
    }

    @Override
    public CompletionStage<Boolean> putIfAbsent(String key, byte[] value, Duration ttl) {
        return withDataKey(key, dataKey -> op("ADD", dataKey,
                () -> client.add(dataKey, expiration(ttl), value, RawBytesTranscoder.INSTANCE)));
    }

    /** Compare-and-set: GETS, compare the bytes with what the caller read, then CAS on the CAS id. */
    @Override
    public CompletionStage<Boolean> replace(String key, BackendEntry expected, byte[] value, Duration ttl) {
        return ifUnchanged(key, expected, (dataKey, cas) -> this.<CASResponse>op("CAS", dataKey,
                        () -> client.asyncCAS(dataKey, cas, expiration(ttl), value, RawBytesTranscoder.INSTANCE))
                .thenApply(response -> response == CASResponse.OK));
    }

    @Override
    public CompletionStage<Boolean> delete(String key) {
        return withDataKey(key, dataKey -> op("DELETE", dataKey, () -> client.delete(dataKey)));
    }

    /** Compare-and-delete: GETS, compare the bytes with what the caller read, then DELETE on the CAS id. */
    @Override
    public CompletionStage<Boolean> delete(String key, BackendEntry expected) {
        return ifUnchanged(key, expected, (dataKey, cas) -> op("DELETE", dataKey, () -> client.delete(dataKey, cas)));
    }

    /** Runs {@code change} with the entry's CAS id if it still holds the bytes {@code expected} has; else false. */
    private CompletionStage<Boolean> ifUnchanged(String key, BackendEntry expected,
                                                 java.util.function.BiFunction<String, Long, CompletionStage<Boolean>> change) {
        Objects.requireNonNull(expected, "expected");
        return withDataKey(key, dataKey -> this.<CASValue<byte[]>>op("GETS", dataKey,
                        () -> client.asyncGets(dataKey, RawBytesTranscoder.INSTANCE))
                .thenCompose(current -> current == null || !Arrays.equals(current.getValue(), expected.value())
                        ? CompletableFuture.completedFuture(false)
                        : change.apply(dataKey, current.getCas())));
    }

    /** Increments the namespace's version: one round trip, whatever the number of entries. */
    @Override
    public CompletionStage<Long> clear(String namespacePrefix) {
        String namespace;
        try {
            namespace = namespaceOf(namespacePrefix);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return this.<Long>op("INCR", namespace, () -> client.asyncIncr(versionKey(namespace), 1L, freshVersion(), 0))
                .thenApply(version -> {
                    remember(namespace, version);
                    return UNKNOWN_COUNT;
                });
    }

    @Override
    public CompletionStage<KeyPage> scan(String namespacePrefix, String cursor, int limit) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("memcached cannot list keys"));
    }

    private <T> CompletionStage<T> withDataKey(String key, Function<String, CompletionStage<T>> operation) {
        String namespace;
        try {
            namespace = namespaceOf(key);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return version(namespace).thenCompose(version -> operation.apply(dataKey(key, namespace, version)));
    }

    /** Seconds as memcached wants them: 0 for never, relative up to 30 days, absolute beyond. */
    int expiration(Duration ttl) {
        return expiration(ttl, clock.instant().getEpochSecond());
    }

    static int expiration(Duration ttl, long nowEpochSeconds) {
        if (ttl == null) {
            return 0;
        }
        long seconds = ttl.getSeconds() + (ttl.getNano() > 0 ? 1 : 0);
        // memcached counts whole seconds from the current one: an item given N seconds may go after
        // N - 1 and a bit. One more second, so that it lives at least its time (a lease, above all).
        seconds = Math.max(1, seconds) + 1;
        if (seconds <= RELATIVE_TTL_LIMIT_SECONDS) {
            return (int) seconds;
        }
        long absolute = nowEpochSeconds + seconds;
        return absolute > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) absolute;
    }

    /** Bridges a spymemcached future to a stage, reporting every failure as a backend exception. */
    @SuppressWarnings("unchecked")
    private <T> CompletionStage<T> op(String command, String key, Supplier<? extends Future<?>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Future<?> future;
        try {
            future = call.get();
        } catch (RuntimeException e) {
            result.completeExceptionally(failure(command, key, e));
            return result;
        }
        Runnable complete = () -> {
            try {
                result.complete((T) future.get());
            } catch (ExecutionException e) {
                result.completeExceptionally(failure(command, key, e.getCause() != null ? e.getCause() : e));
            } catch (InterruptedException | RuntimeException e) {
                result.completeExceptionally(failure(command, key, e));
            }
        };
        if (future instanceof net.spy.memcached.internal.OperationFuture<?> operation) {
            operation.addListener(done -> complete.run());
        } else if (future instanceof net.spy.memcached.internal.GetFuture<?> get) {
            get.addListener(done -> complete.run());
        } else if (future instanceof net.spy.memcached.internal.BulkFuture<?> bulk) {
            bulk.addListener(done -> complete.run());
        } else {
            complete.run();
        }
        return result;
    }

    private static CacheBackendException failure(String command, String key, Throwable error) {
        return new CacheBackendException("memcached " + command + " " + key + " failed: " + error, error);
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
        return "memcached";
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownsClient) {
            client.shutdown(2, TimeUnit.SECONDS);
            listeners.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "MemcachedBackend" + client.getAvailableServers();
    }
}
