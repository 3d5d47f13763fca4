package io.cachet.internal;

import io.cachet.spi.Envelope;
import io.cachet.CacheException;
import io.cachet.CacheSettings;
import io.cachet.Cached;
import io.cachet.spi.BackendEntry;
import io.cachet.spi.CacheBackend;
import io.cachet.spi.HttpExchange;
import io.cachet.spi.HttpExchanges;
import io.cachet.spi.Stores;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The data flow of a {@code @Cached} call (see docs/architecture.md), independent of CDI:
 * bypass check, key, read, decode on a hit; on a miss single-flight, run, encode, store.
 */
public final class CacheEngine implements Stores {
    /** Marks "nothing usable in the cache"; {@code null} is a legitimate cached value. */
    private static final Object MISS = new Object();

    private final CacheSettings settings;
    private final Namespaces namespaces;
    /** Per bean class, its methods' plans. */
    private final Map<Class<?>, Map<Method, MethodPlan>> plans;
    /** Per class of intercepted instance (a container subclass, say), the plans of its bean class. */
    private final Map<Class<?>, Map<Method, MethodPlan>> byTargetClass = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean warnedUnscoped = new java.util.concurrent.atomic.AtomicBoolean();
    private final SingleFlight flights;
    private final Refresher refresher;
    private final RateLimitedLog log;
    private final long lockTimeoutNanos;
    /** The servlet module's view of the current HTTP request, when it is present. */
    private final HttpExchanges exchanges;
    private volatile boolean enabled;
    /** Spans for calls, when OpenTelemetry is present; {@code null} otherwise. */
    private volatile CallTracer tracer;

    CacheEngine(CacheSettings settings, Namespaces namespaces, Map<Class<?>, Map<Method, MethodPlan>> plans) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.namespaces = namespaces;
        this.log = namespaces.defaultStore().log();
        Map<Class<?>, Map<Method, MethodPlan>> copy = new java.util.HashMap<>();
        plans.forEach((bean, methods) -> copy.put(bean, Map.copyOf(methods)));
        this.plans = Map.copyOf(copy);
        this.lockTimeoutNanos = settings.lockTimeout().toNanos();
        this.flights = new SingleFlight(lockTimeoutNanos, System::nanoTime, settings.maxWaiters());
        this.refresher = new Refresher(settings.refreshThreads());
        this.enabled = settings.enabled();
        this.exchanges = ServiceLoader.load(HttpExchanges.class, CacheEngine.class.getClassLoader()).findFirst()
                .orElse(null);
        if (exchanges != null) {
            namespaces.get(Stores.RESPONSES); // the servlet module's whole responses: counted from the start
        }
    }

    /** The method that proceeds to the cached method (the interceptor's {@code proceed}). */
    @FunctionalInterface
    public interface Proceed {
        Object call() throws Exception;
    }

    /** The plan of {@code method} called on an instance of {@code targetClass} (a bean class or its container subclass). */
    MethodPlan plan(Class<?> targetClass, Method method) {
        Map<Method, MethodPlan> table = byTargetClass.get(targetClass);
        if (table == null) {
            table = byTargetClass.computeIfAbsent(targetClass, this::tableOf);
        }
        MethodPlan plan = table.get(method);
        if (plan == null) {
            throw new CacheException("no @Cached plan for " + method + " on " + targetClass.getName()
                    + ": was the bean discovered by CDI with the Cachet extension present?");
        }
        return plan;
    }

    /** The plans of {@code targetClass}'s bean class, by method. */
    Map<Method, MethodPlan> tableOf(Class<?> targetClass) {
        for (Class<?> type = targetClass; type != null; type = type.getSuperclass()) {
            Map<Method, MethodPlan> table = plans.get(type);
            if (table != null) {
                return table;
            }
        }
        return Map.of();
    }

    /** Runs one intercepted call of {@code method} on an instance of {@code targetClass}. */
    public Object invoke(Class<?> targetClass, Method method, Object[] arguments, Proceed proceed) throws Exception {
        MethodPlan plan = plan(targetClass, method);
        if (!enabled || !plan.space.settings.enabled()) {
            plan.space.metrics.bypassed.increment();
            return proceed.call();
        }
        HttpExchange exchange = null;
        HttpExchange.Mode mode = HttpExchange.Mode.USE;
        if (plan.endpoint) {
            exchange = exchanges == null ? null : exchanges.current();
            mode = exchange == null ? unscoped(plan) : exchange.mode(plan);
            if (mode == HttpExchange.Mode.BEAN) {
                // Called by another resource method: a bean call, the response is not its own. One
                // whose key leans on the request's scope for some input has no key as a bean call.
                exchange = null;
                mode = plan.requestBound ? HttpExchange.Mode.BYPASS : HttpExchange.Mode.USE;
            }
        }
        if (mode == HttpExchange.Mode.BYPASS) {
            plan.space.metrics.bypassed.increment();
            return proceed.call();
        }
        String baseKey;
        String key;
        String[] tags;
        try {
            baseKey = plan.key(arguments);
            key = exchange == null ? baseKey : baseKey + exchange.keyScope(plan);
            tags = plan.tags(arguments);
        } catch (RuntimeException e) {
            log.warn("key", "Cachet: cannot build a key for " + plan.description + "; calling it uncached: " + e, null);
            plan.space.metrics.bypassed.increment();
            return proceed.call();
        }
        if (exchange != null && tags != null) {
            exchange.tagged(plan, tags);
        }
        String target = exchange == null ? null : exchange.targetTag(plan);
        if (target != null) {
            tags = withTag(tags, target);
        }
        Call call = new Call(plan, baseKey, key, exchange, mode == HttpExchange.Mode.USE, tags);
        CallTracer tracing = tracer;
        if (tracing != null) {
            return traced(tracing, call, proceed);
        }
        return plan.async ? invokeAsync(call, proceed) : invokeSync(call, proceed);
    }

    private static String[] withTag(String[] tags, String tag) {
        if (tags == null) {
            return new String[] {tag};
        }
        String[] all = java.util.Arrays.copyOf(tags, tags.length + 1);
        all[tags.length] = tag;
        return all;
    }

    /** The call inside its span, which ends with the call's outcome (a stage's: when it completes). */
    private Object traced(CallTracer tracing, Call call, Proceed proceed) throws Exception {
        CallTracer.Span span;
        try {
            span = tracing.start(call.plan, call.key);
        } catch (RuntimeException | LinkageError e) {
            log.warn("tracing", "Cachet: cannot start a span for " + call.plan.description + ": " + e, null);
            return call.plan.async ? invokeAsync(call, proceed) : invokeSync(call, proceed);
        }
        Object result;
        try {
            result = call.plan.async ? invokeAsync(call, proceed) : invokeSync(call, proceed);
        } catch (Exception | Error e) {
            span.leave();
            boolean failed = call.outcome == Outcome.ERROR || e instanceof CacheException;
            span.end(failed ? "error" : outcomeName(call), failed ? e : null);
            throw e;
        }
        span.leave();
        if (call.plan.async && result instanceof CompletionStage<?> stage) {
            stage.whenComplete((value, error) -> span.end(outcomeName(call),
                    call.outcome == Outcome.ERROR ? unwrapCompletion(error) : null));
        } else {
            span.end(outcomeName(call), null);
        }
        return result;
    }

    private static String outcomeName(Call call) {
        return call.outcome.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Gives each call a span from now on ({@code null}: none). */
    void tracer(CallTracer tracer) {
        this.tracer = tracer;
    }

    /** Runs one call of {@code method} on an instance of its declaring class (benchmarks, tests outside CDI). */
    public Object invoke(Method method, Object[] arguments, Proceed proceed) throws Exception {
        return invoke(method.getDeclaringClass(), method, arguments, proceed);
    }

    /**
     * A resource method called outside a request the servlet module sees (no {@code cachet-servlet},
     * or a thread other than the request's): its users cannot be told apart, so it is not cached.
     */
    private HttpExchange.Mode unscoped(MethodPlan plan) {
        if (warnedUnscoped.compareAndSet(false, true)) {
            System.getLogger("io.cachet").log(System.Logger.Level.WARNING, "Cachet: " + plan.description
                    + " is a JAX-RS resource method called outside an HTTP request that cachet-servlet sees"
                    + (exchanges == null ? " (cachet-servlet is not visible to cachet-core's class loader)" : "")
                    + ", so its users cannot be told apart and it runs uncached. Add cachet-servlet next to"
                    + " cachet-core, and call resource methods on the request's thread. Logged once.");
        }
        return HttpExchange.Mode.BYPASS;
    }

    /** What a call ended as: its span's {@code cache.outcome}. */
    enum Outcome { HIT, MISS, STALE, BYPASS, ERROR, COALESCED }

    /**
     * One call's plan, keys and HTTP exchange (null outside an HTTP request): {@code key} is
     * {@code baseKey} followed by the exchange's scope. It counts what happens to it in its
     * namespace's counters, and remembers the last as its {@link Outcome}.
     */
    private static final class Call {
        final MethodPlan plan;
        final String baseKey;
        final String key;
        final HttpExchange exchange;
        final boolean mayRead;
        final Metrics metrics;
        /** The entry's tags, rendered; {@code null} when the method has none. */
        final String[] tags;
        /** The versions of {@link #tags} read before the method ran; {@code null} until read (or unreadable). */
        volatile long[] tagVersions;
        /**
         * Plain, not volatile (it is written on every hit): the threads that touch it later are
         * ordered after its writes by the stage completions and the executor hand-offs between them.
         */
        Outcome outcome = Outcome.MISS;

        Call(MethodPlan plan, String baseKey, String key, HttpExchange exchange, boolean mayRead, String[] tags) {
            this.plan = plan;
            this.baseKey = baseKey;
            this.key = key;
            this.exchange = exchange;
            this.mayRead = mayRead;
            this.metrics = plan.space.metrics;
            this.tags = tags;
        }

        void count(java.util.concurrent.atomic.LongAdder counter, Outcome what) {
            counter.increment();
            outcome = what;
        }

        /** The method failed: an error, unless a stale entry answered for it (which stays the outcome). */
        void failed() {
            if (outcome != Outcome.STALE) {
                outcome = Outcome.ERROR;
            }
        }
    }

    /**
     * An HTTP exchange's answer to a hit (the stored response, or 304): what the call ends with,
     * thrown only at the edge, once the flight has landed.
     */
    private record Answer(RuntimeException response) {
    }

    /** The hit's value, or the exchange's answer thrown to the web framework. */
    private static Object deliver(Object hit) {
        if (hit instanceof Answer answer) {
            throw answer.response;
        }
        return hit;
    }

    private static CompletableFuture<Object> deliverAsync(Object hit) {
        return hit instanceof Answer answer ? CompletableFuture.failedFuture(answer.response)
                : CompletableFuture.completedFuture(hit);
    }

    /**
     * What the store holds for a call, counted: an {@code answer} (a fresh hit, or a stale answer
     * while the entry is refreshed); the flight this call leads to refresh a resource method's stale
     * entry ({@code refreshing}); or nothing usable, with the stale entry that may answer a failure
     * ({@code fallback}).
     */
    private record Lookup(Object answer, SingleFlight.Flight refreshing, byte[] fallback) {
    }

    private static final Lookup NOTHING = new Lookup(MISS, null, null);

    private Lookup lookup(Call call, Proceed proceed) {
        byte[] found = call.mayRead ? read(call) : null;
        if (found == null) {
            return NOTHING;
        }
        switch (freshness(call.plan, found)) {
            case FRESH -> {
                Object hit = hitFrom(call, found);
                if (hit != MISS) {
                    call.count(call.metrics.hits, Outcome.HIT);
                }
                return new Lookup(hit, null, null);
            }
            case REVALIDATE -> {
                Object stale = staleWhileRevalidating(call, found, proceed);
                if (stale instanceof SingleFlight.Flight refreshing) {
                    call.count(call.metrics.misses, Outcome.MISS);
                    return new Lookup(MISS, refreshing, found);
                }
                return new Lookup(stale, null, null); // MISS: unreadable
            }
            default -> {
                return new Lookup(MISS, null, found);
            }
        }
    }

    private Object invokeSync(Call call, Proceed proceed) throws Exception {
        long landings = flights.landings(call.key);
        Lookup lookup = lookup(call, proceed);
        if (lookup.refreshing != null) {
            return lead(call, lookup.refreshing, landings, proceed, lookup.fallback);
        }
        if (lookup.answer != MISS) {
            return deliver(lookup.answer);
        }
        byte[] fallback = lookup.fallback;
        call.count(call.metrics.misses, Outcome.MISS);
        SingleFlight.Flight flight = flights.join(call.key);
        if (flight.overflow) {
            return overflow(call, () -> uncached(call, proceed, fallback));
        }
        if (!flight.leader) {
            call.count(call.metrics.coalesced, Outcome.COALESCED);
            byte[] envelope = awaitLeader(call, flight);
            if (envelope == TIMED_OUT) {
                flight = flights.join(call.key); // the stuck flight is taken over, by one caller
                envelope = flight.leader ? null : awaitLeader(call, flight);
            }
            if (!flight.leader) {
                Object shared = envelope == TIMED_OUT ? MISS : hitFrom(call, envelope);
                return shared != MISS ? deliver(shared) : uncached(call, proceed, fallback);
            }
        }
        return lead(call, flight, landings, proceed, fallback);
    }

    /**
     * A caller over the cap of callers following one computation of the key: it does not wait (the
     * waiters stay bounded); it runs the method uncached.
     */
    private Object overflow(Call call, Proceed uncached) throws Exception {
        call.count(call.metrics.bypassed, Outcome.BYPASS);
        log.warn("waiters", "Cachet: more than " + settings.maxWaiters() + " callers wait for one computation of "
                + call.key + "; the next run uncached", null);
        return uncached.call();
    }

    /** A follower that must compute after all: uncached, and its response says so (or the stale entry answers its failure). */
    private Object uncached(Call call, Proceed proceed, byte[] fallback) throws Exception {
        try {
            Object value = load(call, proceed);
            reportFailure(call);
            return value;
        } catch (Exception | Error e) {
            Object stale = staleOnError(call, fallback, e);
            if (stale != MISS) {
                return deliver(stale);
            }
            reportFailure(call);
            throw e;
        }
    }

    /**
     * Runs the method for this call, timed and counted as a load (a stage's when it completes); a
     * failure makes the call's outcome {@link Outcome#ERROR}, unless a stale entry answered it.
     */
    private static Object load(Call call, Proceed proceed) throws Exception {
        long started = System.nanoTime();
        Object value;
        try {
            value = proceed.call();
        } catch (Exception | Error e) {
            call.metrics.load(System.nanoTime() - started, true);
            call.failed();
            throw e;
        }
        if (call.plan.async && value instanceof CompletionStage<?> stage) {
            // the stage the caller continues from: it completes after the load was counted, so the
            // call's outcome says error before anything that follows it ends the call's span
            return stage.whenComplete((ignored, error) -> {
                call.metrics.load(System.nanoTime() - started, error != null);
                if (error != null) {
                    call.failed();
                }
            });
        } else {
            call.metrics.load(System.nanoTime() - started, false);
        }
        return value;
    }

    // ---- serving stale (RFC 5861) ----

    private enum Freshness { FRESH, REVALIDATE, IF_ERROR }

    /** Where a live envelope stands: fresh, in its stale-while-revalidate window, or only good for a failure. */
    private Freshness freshness(MethodPlan plan, byte[] envelope) {
        long freshUntil = Envelope.freshUntil(envelope);
        if (freshUntil == Envelope.NEVER || !plan.servesStale()) {
            return Freshness.FRESH;
        }
        long now = settings.clock().millis();
        if (now < freshUntil) {
            return Freshness.FRESH;
        }
        return now - freshUntil < plan.staleWhileRevalidate.toMillis() ? Freshness.REVALIDATE : Freshness.IF_ERROR;
    }

    /**
     * A call that found its entry stale, in the revalidate window: a bean call gets the stale value
     * at once and one background refresh of the key starts; a resource method's request gets the
     * stale answer unless it is the first to find it stale, which refreshes by computing (the
     * key's flight, which it leads), as it must run in its own request. So does a call keyed by its
     * user (a {@code Principal} argument may be a proxy that names nobody on a pool thread: the
     * refresh would store another user's answer under this user's key). {@link #MISS}: unreadable.
     */
    private Object staleWhileRevalidating(Call call, byte[] envelope, Proceed proceed) {
        Object stale = staleFrom(call, envelope);
        if (stale == MISS) {
            return MISS;
        }
        if (call.exchange != null || call.plan.keysUser) {
            SingleFlight.Flight flight = flights.tryLead(call.key);
            if (flight != null) {
                return flight;
            }
        } else {
            refresher.refresh(call.key, () -> refresh(call, proceed), call.metrics);
        }
        call.count(call.metrics.staleHits, Outcome.STALE);
        return stale;
    }

    /** An expired entry as the call's answer: the decoded value, or the exchange's stale answer. */
    private Object staleFrom(Call call, byte[] envelope) {
        return hitFrom(call, envelope, true);
    }

    /**
     * The stale entry's answer for a failed method, when the failure counts and the entry is
     * within its stale-if-error window; else {@link #MISS} (the failure propagates).
     */
    private Object staleOnError(Call call, byte[] fallback, Throwable failure) {
        if (fallback == null || !call.plan.space.settings.staleOnError().test(failure)) {
            return MISS;
        }
        long staleFor = settings.clock().millis() - Envelope.freshUntil(fallback);
        if (staleFor >= call.plan.staleIfError.toMillis()) {
            return MISS;
        }
        Object stale = staleFrom(call, fallback);
        if (stale != MISS) {
            call.count(call.metrics.staleOnError, Outcome.STALE);
            log.warn("stale-if-error", "Cachet: " + call.plan.description + " failed (" + failure
                    + "); answering with the entry that expired " + staleFor + " ms ago", null);
        }
        return stale;
    }

    /** One background refresh of a key: one computation, stored, unless the key's flight is up already. */
    private void refresh(Call call, Proceed proceed) {
        SingleFlight.Flight flight = flights.join(call.key);
        if (!flight.leader) {
            return; // being computed already: that computation stores
        }
        byte[] stored = null;
        try {
            prepareTags(call);
            Object value = load(call, proceed);
            if (call.plan.async && value != null) {
                value = ((CompletionStage<?>) value).toCompletableFuture().get(lockTimeoutNanos, TimeUnit.NANOSECONDS);
            }
            byte[] envelope = encode(call, value);
            if (envelope != null) {
                write(call, call.key, envelope, call.plan.storeTtl);
                stored = envelope;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | Error e) {
            log.warn("refresh", "Cachet: the background refresh of " + call.plan.description + " failed; the stale"
                    + " entry still answers within its window: " + e, null);
        } finally {
            flights.land(flight, stored);
        }
    }

    /**
     * Computes as the key's leader (reading the store again first if another flight landed since);
     * a failure the stale {@code fallback} answers for is answered with it.
     */
    private Object lead(Call call, SingleFlight.Flight flight, long landings, Proceed proceed, byte[] fallback)
            throws Exception {
        byte[] stored = null;
        boolean handedOver = false;
        ClusterFlight.Lease lease = null;
        try {
            byte[] landed = landedSince(call, landings);
            if (landed != null) {
                Object value = hitFrom(call, landed);
                if (value != MISS) {
                    stored = landed;
                    return deliver(value); // the flight lands with what landed, whatever the answer
                }
            }
            ClusterStep step = clusterStep(call, fallback);
            if (step.answer != MISS) {
                stored = step.landed;
                return deliver(step.answer);
            }
            lease = step.lease;
            Object value;
            try {
                prepareTags(call);
                value = load(call, proceed);
            } catch (Exception | Error e) {
                Object stale = staleOnError(call, fallback, e);
                if (stale != MISS) {
                    return deliver(stale);
                }
                reportFailure(call);
                throw e;
            }
            if (call.exchange != null) {
                handedOver = true; // the exchange stores the response, lands the flight and releases the lease once final
                handOver(call, flight, value, lease);
                return value;
            }
            byte[] envelope = encode(call, value);
            if (envelope != null) {
                write(call, call.key, envelope, call.plan.storeTtl);
                stored = envelope;
            }
            return value;
        } finally {
            if (!handedOver) {
                flights.land(flight, stored);
                if (lease != null) {
                    lease.release(); // after the store: a waiting node that then takes the lease reads the value first
                }
            }
        }
    }

    /**
     * What a cluster-wide flight says before the JVM's leader computes: the lease to compute under
     * ({@code null}: none needed, or the store failed), or the call's {@code answer} from what another
     * node stored ({@code landed}), or from the stale entry when the wait timed out.
     */
    private record ClusterStep(ClusterFlight.Lease lease, Object answer, byte[] landed) {
    }

    private static final ClusterStep NO_CLUSTER = new ClusterStep(null, MISS, null);

    private ClusterStep clusterStep(Call call, byte[] fallback) {
        ClusterFlight cluster = call.plan.space.cluster;
        if (!call.plan.clusterFlight || !call.mayRead || !cluster.applies()) {
            return NO_CLUSTER;
        }
        ClusterFlight.Outcome outcome = cluster.acquireOrAwait(call.key, key -> read(call),
                envelope -> freshness(call.plan, envelope) == Freshness.FRESH);
        if (outcome.landed() != null) {
            Object value = hitFrom(call, outcome.landed());
            if (value != MISS) {
                call.count(call.metrics.coalesced, Outcome.COALESCED);
                return new ClusterStep(null, value, outcome.landed()); // another node computed it
            }
        }
        if (outcome.timedOut()) {
            call.metrics.lockTimeouts.increment();
            log.warn("lease", "Cachet: gave up waiting " + settings.lockTimeout() + " for another node's computation of "
                    + call.key + "; computing it here", null);
            Object stale = fallback == null ? MISS : staleFrom(call, fallback);
            if (stale != MISS) {
                call.count(call.metrics.staleHits, Outcome.STALE); // waited the lock timeout: the stale value, then computing (the order)
                return new ClusterStep(null, stale, null);
            }
        }
        return new ClusterStep(outcome.lease(), MISS, null);
    }

    /** Hands a miss's value to the HTTP exchange, which stores its response once it is final (then releases the lease). */
    private void handOver(Call call, SingleFlight.Flight flight, Object value, ClusterFlight.Lease lease) {
        PendingStore pending = new PendingStore(call, flight, lease);
        try {
            call.exchange.miss(call.plan, value, pending);
        } catch (RuntimeException | Error e) {
            pending.drop();
            throw e;
        }
    }

    /** A miss waiting for the exchange's representation of it; lands the key's flight either way. */
    private final class PendingStore implements HttpExchange.PendingStore {
        private final Call call;
        private final SingleFlight.Flight flight;
        private final java.util.concurrent.atomic.AtomicBoolean decided = new java.util.concurrent.atomic.AtomicBoolean();

        private final ClusterFlight.Lease lease;

        PendingStore(Call call, SingleFlight.Flight flight, ClusterFlight.Lease lease) {
            this.call = call;
            this.flight = flight;
            this.lease = lease;
        }

        @Override
        public void store(String scope, byte[] payload) {
            if (!decided.compareAndSet(false, true)) {
                return;
            }
            String key = call.baseKey + scope;
            byte[] landed = null;
            try {
                byte[] envelope = wrap(call, payload);
                if (envelope == null) {
                    return; // a tag's version could not be read before the call: not stored
                }
                write(call, key, envelope, call.plan.storeTtl);
                // followers share the leader's key: a response keyed anew (a learned Vary) is not theirs
                landed = key.equals(call.key) ? envelope : null;
            } finally {
                flights.land(flight, landed);
                if (lease != null) {
                    lease.release();
                }
            }
        }

        @Override
        public void drop() {
            if (decided.compareAndSet(false, true)) {
                flights.land(flight, null);
                if (lease != null) {
                    lease.release();
                }
            }
        }
    }

    private Object invokeAsync(Call call, Proceed proceed) throws Exception {
        long landings = flights.landings(call.key);
        Lookup lookup = lookup(call, proceed);
        if (lookup.refreshing != null) {
            return leadAsync(call, lookup.refreshing, landings, proceed, lookup.fallback);
        }
        if (lookup.answer != MISS) {
            return deliverAsync(lookup.answer);
        }
        byte[] fallback = lookup.fallback;
        call.count(call.metrics.misses, Outcome.MISS);
        SingleFlight.Flight flight = flights.join(call.key);
        if (flight.overflow) {
            return overflow(call, () -> staleIfFailed(call, uncached(call, proceed, fallback), fallback));
        }
        if (!flight.leader) {
            call.count(call.metrics.coalesced, Outcome.COALESCED);
            if (call.exchange == null) {
                return follow(call, flight, landings, proceed, true, fallback);
            }
            // A resource method's follower waits on its request's own thread, so that, computing
            // after all, it runs in its request's context and scope.
            byte[] envelope = awaitLeader(call, flight);
            if (envelope == TIMED_OUT) {
                flight = flights.join(call.key);
                envelope = flight.leader ? null : awaitLeader(call, flight);
            }
            if (!flight.leader) {
                Object shared = envelope == TIMED_OUT ? MISS : hitFrom(call, envelope);
                return shared != MISS ? deliverAsync(shared) : staleIfFailed(call, uncached(call, proceed, fallback), fallback);
            }
        }
        return leadAsync(call, flight, landings, proceed, fallback);
    }

    /** The method's stage, or the stale entry's answer when the stage fails with a failure it answers for. */
    private Object staleIfFailed(Call call, Object stage, byte[] fallback) {
        if (fallback == null || !(stage instanceof CompletionStage<?> pending)) {
            return stage;
        }
        CompletableFuture<Object> result = new CompletableFuture<>();
        pending.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            Object stale = staleOnError(call, fallback, unwrapCompletion(error));
            completeWith(result, stale != MISS ? stale : null, error);
        });
        return result;
    }

    /** Completes {@code result} with a stale answer ({@link Answer}s fail it with the exchange's response), else with {@code error}. */
    private static void completeWith(CompletableFuture<Object> result, Object stale, Throwable error) {
        if (stale instanceof Answer answer) {
            result.completeExceptionally(answer.response);
        } else if (stale != null || error == null) {
            result.complete(stale);
        } else {
            result.completeExceptionally(error);
        }
    }

    private static Throwable unwrapCompletion(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
    }

    private Object leadAsync(Call call, SingleFlight.Flight flight, long landings, Proceed proceed, byte[] fallback)
            throws Exception {
        byte[] landed;
        try {
            landed = landedSince(call, landings);
            Object value = landed == null ? MISS : hitFrom(call, landed);
            if (value != MISS) {
                flights.land(flight, landed);
                return deliverAsync(value);
            }
        } catch (RuntimeException | Error e) {
            flights.land(flight, null); // a failure reading what landed
            throw e;
        }
        ClusterStep clustered;
        try {
            clustered = clusterStep(call, fallback); // waits on this thread for another node's computation
        } catch (RuntimeException | Error e) {
            flights.land(flight, null);
            throw e;
        }
        if (clustered.answer != MISS) {
            flights.land(flight, clustered.landed);
            return deliverAsync(clustered.answer);
        }
        ClusterFlight.Lease lease = clustered.lease;
        CompletionStage<?> stage;
        try {
            prepareTags(call);
            stage = (CompletionStage<?>) load(call, proceed);
        } catch (Exception | Error e) {
            flights.land(flight, null);
            if (lease != null) {
                lease.release();
            }
            Object stale = staleOnError(call, fallback, e);
            if (stale != MISS) {
                return deliverAsync(stale);
            }
            reportFailure(call);
            throw e;
        }
        if (stage == null) {
            flights.land(flight, null);
            if (lease != null) {
                lease.release();
            }
            return null;
        }
        CompletableFuture<Object> result = new CompletableFuture<>();
        stage.whenComplete((value, error) -> {
            try {
                if (error != null) {
                    flights.land(flight, null);
                    if (lease != null) {
                        lease.release();
                    }
                    Object stale = staleOnError(call, fallback, unwrapCompletion(error));
                    if (stale != MISS) {
                        completeWith(result, stale, error);
                        return;
                    }
                    reportFailure(call);
                    result.completeExceptionally(error);
                    return;
                }
                if (call.exchange != null) {
                    complete(result, value, () -> handOver(call, flight, value, lease));
                    return;
                }
                byte[] envelope = encode(call, value);
                if (envelope == null) {
                    flights.land(flight, null);
                    if (lease != null) {
                        lease.release();
                    }
                    result.complete(value);
                    return;
                }
                call.metrics.entryBytes(envelope.length);
                CompletableFuture<Void> written = call.plan.space.store.writeAsync(call.key, envelope, call.plan.storeTtl)
                        .toCompletableFuture();
                Runnable finish = () -> {
                    flights.land(flight, envelope);
                    if (lease != null) {
                        lease.release(); // after the store: a node that then takes the lease reads the value first
                    }
                    result.complete(value);
                };
                if (written.isDone()) {
                    finish.run();
                } else {
                    // Not on the store's IO thread: the caller's continuations run on whatever completes result.
                    written.whenCompleteAsync((ignored, never) -> finish.run(), ForkJoinPool.commonPool());
                }
            } catch (Throwable unexpected) {
                // Never leave the caller waiting or the key's flight open, whatever went wrong here.
                flights.land(flight, null);
                if (lease != null) {
                    lease.release();
                }
                if (error == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(error);
                }
            }
        });
        return result;
    }

    /** Completes {@code result} with {@code value}, unless handing it over throws. */
    private static void complete(CompletableFuture<Object> result, Object value, Runnable report) {
        try {
            report.run();
            result.complete(value);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    /** An async follower: the leader's value, decoded afresh, else its own uncached call. */
    private CompletableFuture<Object> follow(Call call, SingleFlight.Flight flight, long landings, Proceed proceed,
                                            boolean mayTakeOver, byte[] fallback) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        // Off the leader's (or the timer's) thread: a follower may have to run the method itself.
        flight.result.copy().orTimeout(lockTimeoutNanos, TimeUnit.NANOSECONDS).whenCompleteAsync((envelope, error) -> {
            if (error != null) {
                call.metrics.lockTimeouts.increment();
                if (mayTakeOver) {
                    takeOver(call, landings, proceed, result, fallback); // one caller leads anew, the others follow it
                    return;
                }
            }
            Object shared;
            try {
                shared = error == null ? hitFrom(call, envelope) : MISS;
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            if (shared instanceof Answer answer) {
                result.completeExceptionally(answer.response);
                return;
            }
            if (shared != MISS) {
                result.complete(shared);
                return;
            }
            try {
                relay(staleIfFailed(call, load(call, proceed), fallback), result);
            } catch (Exception | Error e) {
                Object stale = staleOnError(call, fallback, e);
                completeWith(result, stale != MISS ? stale : null, e);
            }
        }, ForkJoinPool.commonPool());
        return result;
    }

    /** Completes {@code result} as the method's {@code stage} (a {@code null} stage: with {@code null}). */
    private static void relay(Object stage, CompletableFuture<Object> result) {
        if (stage == null) {
            result.complete(null);
            return;
        }
        ((CompletionStage<?>) stage).whenComplete((value, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(value);
            }
        });
    }

    /** An async follower whose leader did not land within the lock timeout joins again, once. */
    private void takeOver(Call call, long landings, Proceed proceed, CompletableFuture<Object> result,
                          byte[] fallback) {
        try {
            SingleFlight.Flight next = flights.join(call.key);
            relay(next.leader ? leadAsync(call, next, landings, proceed, fallback)
                    : follow(call, next, landings, proceed, false, fallback), result);
        } catch (Exception | Error e) {
            result.completeExceptionally(e);
        }
    }

    /** What {@link #awaitLeader} returns when the leader did not land within the lock timeout. */
    private static final byte[] TIMED_OUT = new byte[0];

    /** The leader's envelope, {@code null} when it stored nothing, or {@link #TIMED_OUT}. */
    private byte[] awaitLeader(Call call, SingleFlight.Flight flight) {
        try {
            return flight.result.get(lockTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.metrics.lockTimeouts.increment();
            log.warn("lock", "Cachet: gave up waiting " + settings.lockTimeout() + " for a concurrent computation of "
                    + flight.key + "; one caller takes it over", null);
            return TIMED_OUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            return null;
        }
    }

    /**
     * For a new leader: what another flight for the key stored after this call's read missed, or
     * {@code null} (then it computes). Read again only when a flight landed on the key's stripe.
     */
    private byte[] landedSince(Call call, long landings) {
        if (!call.mayRead || flights.landings(call.key) == landings) {
            return null;
        }
        byte[] envelope = read(call);
        if (envelope == null || freshness(call.plan, envelope) != Freshness.FRESH) {
            return null; // what is there is the stale entry this call is refreshing, not a new one
        }
        call.count(call.metrics.coalesced, Outcome.COALESCED);
        return envelope;
    }

    /**
     * The live envelope at the call's key; a store failure is a miss (fail-open) or a
     * {@link io.cachet.CacheException}. A tagged call reads its tags' versions with the entry (one
     * round trip where the store batches reads) and keeps them for its own write; an entry computed
     * under other versions (a tag was invalidated since) is a miss.
     */
    private byte[] read(Call call) {
        if (call.tags == null) {
            return read(call.plan.space, call.key);
        }
        Namespace space = call.plan.space;
        List<String> keys = new ArrayList<>(call.tags.length + 1);
        keys.add(call.key);
        for (String tag : call.tags) {
            keys.add(TagVersions.key(space, tag));
        }
        List<BackendEntry> found = readAll(space, keys);
        if (found == null) {
            return null;
        }
        long[] versions = new long[call.tags.length];
        boolean known = true;
        for (int i = 0; i < versions.length; i++) {
            versions[i] = TagVersions.version(found.get(i + 1));
            known &= versions[i] != 0;
        }
        call.tagVersions = known ? versions : null;
        byte[] envelope = space.store.live(call.key, found.get(0));
        return envelope != null && known && java.util.Arrays.equals(Envelope.tagVersions(envelope), versions)
                ? envelope : null;
    }

    /** Several keys at once under the namespace's fail-open policy; {@code null} when the store failed (fail-open). */
    private static List<BackendEntry> readAll(Namespace space, List<String> keys) {
        try {
            return GuardedBackend.await(space.store.getAll(keys));
        } catch (io.cachet.spi.CacheBackendException e) {
            if (space.settings.failOpen()) {
                return null;
            }
            throw new io.cachet.CacheException(e.getMessage(), e);
        }
    }

    // ---- tags ----

    /**
     * Before a tagged call computes: the versions of its tags, read now if its lookup did not (a
     * refresh, {@code no-cache}, a failed read), a first version created for a tag that has none.
     * Left {@code null} when the store cannot say: the result is then not stored.
     */
    private void prepareTags(Call call) {
        if (call.tags == null || call.tagVersions != null) {
            return;
        }
        Namespace space = call.plan.space;
        try {
            long[] versions = new long[call.tags.length];
            for (int attempt = 0; attempt < 3; attempt++) {
                List<String> keys = new ArrayList<>();
                for (String tag : call.tags) {
                    keys.add(TagVersions.key(space, tag));
                }
                List<BackendEntry> found = GuardedBackend.await(space.store.getAll(keys));
                boolean known = true;
                for (int i = 0; i < versions.length; i++) {
                    versions[i] = TagVersions.version(found.get(i));
                    if (versions[i] == 0) {
                        known = false;
                        String key = keys.get(i);
                        if (found.get(i) == null) {
                            GuardedBackend.await(space.store.putIfAbsent(key, TagVersions.next(), null));
                        } else {
                            GuardedBackend.await(space.store.replace(key, found.get(i), TagVersions.next(), null));
                        }
                    }
                }
                if (known) {
                    call.tagVersions = versions;
                    return;
                }
            }
        } catch (io.cachet.spi.CacheBackendException e) {
            // counted and logged by the guard: the result is returned, not stored
        }
    }

    /** A live envelope at {@code key} in the namespace's store, under its fail-open policy. */
    private static byte[] read(Namespace space, String key) {
        return space.settings.failOpen() ? space.store.read(key) : space.store.readStrict(key);
    }

    private static void write(Call call, String key, byte[] envelope, java.time.Duration ttl) {
        Namespace space = call.plan.space;
        call.metrics.entryBytes(envelope.length);
        if (space.settings.failOpen()) {
            space.store.write(key, envelope, ttl);
        } else {
            space.store.writeStrict(key, envelope, ttl);
        }
    }

    /**
     * What a stored envelope answers: for a resource method serving its request, the exchange's
     * answer from the stored representation (never decoded); else the decoded value.
     */
    private Object hitFrom(Call call, byte[] envelope) {
        return hitFrom(call, envelope, false);
    }

    private Object hitFrom(Call call, byte[] envelope, boolean stale) {
        if (envelope == null) {
            return MISS;
        }
        if (call.tags != null) {
            long[] versions = call.tagVersions;
            if (versions == null || !java.util.Arrays.equals(versions, Envelope.tagVersions(envelope))) {
                // computed under versions older than this call read (invalidated since), or this call
                // could not read them: it cannot tell the entry is current, so it does not share it
                return MISS;
            }
        }
        if (call.exchange != null) {
            RuntimeException answer = stale
                    ? call.exchange.answer(call.plan, envelope, Envelope.payloadOffset(envelope),
                            Envelope.payloadLength(envelope), 0, true, staleMillis(envelope))
                    : call.exchange.answer(call.plan, envelope, Envelope.payloadOffset(envelope),
                            Envelope.payloadLength(envelope), remainingMillis(envelope));
            if (answer == null) {
                call.plan.space.store.discardCorrupt(call.key, "it is not a stored HTTP representation", null);
                return MISS;
            }
            return new Answer(answer);
        }
        try {
            Object value = call.plan.coder.decode(envelope, Envelope.payloadOffset(envelope), Envelope.payloadLength(envelope),
                    call.plan.valueType);
            if (value == null && call.plan.valueType instanceof Class<?> c && c.isPrimitive()) {
                throw new CacheException("a null stored for a method returning " + c);
            }
            return value;
        } catch (RuntimeException e) {
            call.plan.space.store.discardCorrupt(call.key, "its value cannot be decoded as " + call.plan.valueType.getTypeName(), e);
            return MISS;
        }
    }

    /** How long the entry stays fresh; -1: forever. */
    private long remainingMillis(byte[] envelope) {
        long freshUntil = Envelope.freshUntil(envelope);
        return freshUntil == Envelope.NEVER ? -1 : Math.max(0, freshUntil - settings.clock().millis());
    }

    /** How long an expired entry may still answer. */
    private long staleMillis(byte[] envelope) {
        return Math.max(0, Envelope.expiresAt(envelope) - settings.clock().millis());
    }

    /** The method failed: whatever a hit had already announced must not describe the error. */
    private static void reportFailure(Call call) {
        if (call.exchange != null) {
            try {
                call.exchange.uncached(call.plan);
            } catch (RuntimeException ignored) {
                // the method's own failure is what the caller must see
            }
        }
    }

    /** The envelope of the call's value, or {@code null} when it is not to be stored. */
    private byte[] encode(Call call, Object value) {
        MethodPlan plan = call.plan;
        if (call.tags != null && call.tagVersions == null) {
            return null; // its tags' versions could not be read before the call: it might outlive an invalidation
        }
        try {
            if (!plan.coder.isCacheable(value)) {
                return null;
            }
            return wrap(call, plan.coder.encode(value, plan.valueType));
        } catch (RuntimeException | StackOverflowError e) {
            plan.space.metrics.encodeFailures.increment();
            log.warn("encode", "Cachet: cannot encode the result of " + plan.description + " for " + call.key
                    + "; returning it uncached", e);
            return null;
        }
    }

    /**
     * The envelope of a payload: fresh for the method's time to live, then stale for its longer
     * stale window, with the versions of its tags read before the call; {@code null} for a tagged
     * call whose versions are unknown (it is not stored).
     */
    private byte[] wrap(Call call, byte[] payload) {
        MethodPlan plan = call.plan;
        long freshUntil = expiresAt(plan.ttl);
        if (call.tags != null) {
            long[] versions = call.tagVersions;
            return versions == null ? null : Envelope.wrap(payload, freshUntil,
                    plan.servesStale() ? expiresAt(plan.storeTtl) : freshUntil, versions);
        }
        return plan.servesStale() ? Envelope.wrap(payload, freshUntil, expiresAt(plan.storeTtl))
                : Envelope.wrap(payload, freshUntil);
    }

    private long expiresAt(Duration ttl) {
        if (ttl == null) {
            return Envelope.NEVER;
        }
        long millis;
        try {
            millis = ttl.toMillis();
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
        long now = settings.clock().millis();
        return millis > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + millis;
    }

    /** Runs background refreshes inside {@code context} (the CDI extension activates a request context). */
    void refreshContext(java.util.function.UnaryOperator<Runnable> context) {
        refresher.context(context);
    }

    /** Stops the background refreshes and closes the stores made for namespaces (the application is shutting down). */
    public void close() {
        refresher.close();
        namespaces.close();
    }

    // ---- what cachet-servlet reads (Stores) ----

    @Override
    public GuardedBackend store(String namespace) {
        return namespaces.get(namespace).store;
    }

    @Override
    public String keyPrefix(String namespace) {
        return namespaces.get(namespace).keyPrefix;
    }

    @Override
    public java.time.InstantSource clock() {
        return settings.clock();
    }

    @Override
    public void countLookup(String namespace, boolean hit) {
        Metrics metrics = namespaces.get(namespace).metrics;
        (hit ? metrics.hits : metrics.misses).increment();
    }

    @Override
    public void countStored(String namespace, int bytes) {
        namespaces.get(namespace).metrics.entryBytes(bytes);
    }

    @Override
    public void invalidateTagPromptly(String tag) {
        TagVersions.invalidate(namespaces, tag, java.time.Duration.ZERO);
    }

    /** Whether calls use the cache (the admin API switches it); each namespace has its own setting too. */
    boolean isEnabled() {
        return enabled;
    }

    void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    CacheSettings settings() {
        return settings;
    }

    /** The plans of {@code method}, one per bean class that has it. */
    List<MethodPlan> plansOf(Method method) {
        List<MethodPlan> found = new ArrayList<>();
        for (Map<Method, MethodPlan> table : plans.values()) {
            MethodPlan plan = table.get(method);
            if (plan != null) {
                found.add(plan);
            }
        }
        return found;
    }

    /** Every namespace's configuration (the metrics binders and the management endpoint list them). */
    Namespaces configuration() {
        return namespaces;
    }

    /** Builds an engine for these methods outside CDI (benchmarks, the JCache provider's tests). */
    public static CacheEngine create(CacheSettings settings, CacheBackend backend, List<Method> cachedMethods) {
        Namespaces namespaces = Namespaces.of(settings, backend);
        PlanBuilder builder = new PlanBuilder(namespaces::get, Instances::reflective);
        Map<Class<?>, Map<Method, MethodPlan>> plans = new java.util.HashMap<>();
        try {
            for (Method method : cachedMethods) {
                Cached cached = method.getAnnotation(Cached.class);
                if (cached == null) {
                    throw new IllegalArgumentException(method + " is not annotated @Cached");
                }
                plans.computeIfAbsent(method.getDeclaringClass(), c -> new java.util.HashMap<>())
                        .put(method, builder.build(method.getDeclaringClass(), method, cached));
            }
        } catch (RuntimeException e) {
            namespaces.close(); // a near cache's heartbeat and subscription
            throw e;
        }
        return new CacheEngine(settings, namespaces, plans);
    }
}
