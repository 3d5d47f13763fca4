package io.cachet.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * One computation per key in this JVM: the first caller to miss becomes the leader and computes;
 * callers that miss meanwhile follow, waiting for the leader's encoded payload.
 *
 * <p>A caller whose miss was read just before another flight for the key landed would lead a
 * second computation. {@link #landings} tells it: a counter per stripe of keys, moved by every
 * landing that stored a payload. A leader that sees it moved since its read reads the store again
 * (a stripe is shared by many keys, so now and then that read is not needed; it is never missed).
 *
 * <p>A leader that never lands (a {@code CompletionStage} that never completes, a thread that
 * hangs) holds its key at most the lock timeout: a caller that joins after that takes the flight
 * over, exactly one of them, and leads a new one that the others follow.
 */
final class SingleFlight {
    private static final int STRIPES = 1024;

    private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();
    private final AtomicLongArray landed = new AtomicLongArray(STRIPES);
    private final long staleNanos;
    private final LongSupplier nanoTime;
    private final int maxFollowers;

    /** @param staleNanos how long a flight may stay up before a caller may take it over (the lock timeout) */
    SingleFlight(long staleNanos, LongSupplier nanoTime) {
        this(staleNanos, nanoTime, Integer.MAX_VALUE);
    }

    /** @param maxFollowers how many callers may follow one flight; the next are told {@link Flight#overflow} */
    SingleFlight(long staleNanos, LongSupplier nanoTime, int maxFollowers) {
        this.staleNanos = staleNanos;
        this.nanoTime = nanoTime;
        this.maxFollowers = maxFollowers;
    }

    /**
     * Joins the flight for {@code key}; {@link Flight#leader} says whether to compute. A flight up
     * for longer than the lock timeout is taken over: this caller leads a new one.
     */
    Flight join(String key) {
        while (true) {
            long now = nanoTime.getAsLong();
            Flight fresh = new Flight(key, now);
            Flight existing = flights.putIfAbsent(key, fresh);
            if (existing == null) {
                return fresh;
            }
            if (now - existing.startedNanos < staleNanos) {
                return existing.followers.incrementAndGet() > maxFollowers ? existing.overflowing() : existing.asFollower();
            }
            if (flights.replace(key, existing, fresh)) {
                return fresh; // the hung leader's own landing no longer removes this flight
            }
        }
    }

    /**
     * Leads the flight for {@code key} if none is up (or the one up is older than the lock timeout);
     * {@code null} otherwise, without following it: for a caller that has an answer already.
     */
    Flight tryLead(String key) {
        long now = nanoTime.getAsLong();
        Flight fresh = new Flight(key, now);
        Flight existing = flights.putIfAbsent(key, fresh);
        if (existing == null) {
            return fresh;
        }
        return now - existing.startedNanos >= staleNanos && flights.replace(key, existing, fresh) ? fresh : null;
    }

    /** Ends a leader's flight: followers get the payload, or {@code null} to compute themselves. */
    void land(Flight flight, byte[] payload) {
        if (payload != null) {
            landed.incrementAndGet(stripe(flight.key));
        }
        flights.remove(flight.key, flight.leaderView());
        flight.result.complete(payload);
    }

    /** The landings so far on {@code key}'s stripe: take it before reading the store. */
    long landings(String key) {
        return landed.get(stripe(key));
    }

    private static int stripe(String key) {
        int hash = key.hashCode();
        return (hash ^ (hash >>> 16)) & (STRIPES - 1);
    }

    /** A computation in progress; the leader and its followers share {@link #result}. */
    static final class Flight {
        final String key;
        final boolean leader;
        /** Completes with the encoded payload, or {@code null} when followers must compute. */
        final CompletableFuture<byte[]> result;
        /** Too many callers follow this flight already: this one must not wait (see {@link SingleFlight#join}). */
        final boolean overflow;
        private final long startedNanos;
        private final Flight leaderView;
        /** The callers that joined the leader's flight (shared by its views): at most {@code maxFollowers} wait. */
        private final java.util.concurrent.atomic.AtomicInteger followers;

        private Flight(String key, long startedNanos) {
            this.key = key;
            this.leader = true;
            this.overflow = false;
            this.result = new CompletableFuture<>();
            this.startedNanos = startedNanos;
            this.leaderView = this;
            this.followers = new java.util.concurrent.atomic.AtomicInteger();
        }

        private Flight(Flight leaderFlight, boolean overflow) {
            this.key = leaderFlight.key;
            this.leader = false;
            this.overflow = overflow;
            this.result = leaderFlight.result;
            this.startedNanos = leaderFlight.startedNanos;
            this.leaderView = leaderFlight;
            this.followers = leaderFlight.followers;
        }

        Flight asFollower() {
            return new Flight(this, false);
        }

        Flight overflowing() {
            return new Flight(this, true);
        }

        Flight leaderView() {
            return leaderView;
        }
    }
}
