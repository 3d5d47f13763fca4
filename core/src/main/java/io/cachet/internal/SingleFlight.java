package io.cachet.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One computation per key in this JVM: the first caller to miss becomes the leader and computes;
 * callers that miss meanwhile follow, waiting for the leader's encoded payload.
 */
final class SingleFlight {
    private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();

    /** Joins the flight for {@code key}; {@link Flight#leader} says whether to compute. */
    Flight join(String key) {
        Flight fresh = new Flight(key, true);
        Flight existing = flights.putIfAbsent(key, fresh);
        return existing == null ? fresh : existing.asFollower();
    }

    /** Ends a leader's flight: followers get the payload, or {@code null} to compute themselves. */
    void land(Flight flight, byte[] payload) {
        flights.remove(flight.key, flight.leaderView());
        flight.result.complete(payload);
    }

    int inFlight() {
        return flights.size();
    }

    /** A computation in progress; the leader and its followers share {@link #result}. */
    static final class Flight {
        final String key;
        final boolean leader;
        /** Completes with the encoded payload, or {@code null} when followers must compute. */
        final CompletableFuture<byte[]> result;
        private final Flight leaderView;

        private Flight(String key, boolean leader) {
            this.key = key;
            this.leader = leader;
            this.result = new CompletableFuture<>();
            this.leaderView = this;
        }

        private Flight(Flight leaderFlight) {
            this.key = leaderFlight.key;
            this.leader = false;
            this.result = leaderFlight.result;
            this.leaderView = leaderFlight;
        }

        Flight asFollower() {
            return new Flight(this);
        }

        Flight leaderView() {
            return leaderView;
        }
    }
}
