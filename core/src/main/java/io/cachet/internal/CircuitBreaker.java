package io.cachet.internal;

import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stops calling a store that keeps failing: after {@code threshold} consecutive failures the
 * circuit opens for {@code openMillis}; then one trial call is let through (half-open), and a
 * success closes it again.
 */
final class CircuitBreaker {
    private final InstantSource clock;
    private final int threshold;
    private final long openMillis;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicLong openUntil = new AtomicLong();

    CircuitBreaker(InstantSource clock, int threshold, long openMillis) {
        this.clock = clock;
        this.threshold = threshold;
        this.openMillis = openMillis;
    }

    /** Whether a call may go to the store now. */
    boolean allow() {
        long until = openUntil.get();
        if (until == 0) {
            return true;
        }
        long now = clock.millis();
        // Half-open: the first caller after the open period wins the trial; others keep skipping.
        return now >= until && openUntil.compareAndSet(until, now + openMillis);
    }

    void onSuccess() {
        if (consecutiveFailures.get() != 0 || openUntil.get() != 0) {
            consecutiveFailures.set(0);
            openUntil.set(0);
        }
    }

    void onFailure() {
        if (consecutiveFailures.incrementAndGet() >= threshold) {
            openUntil.set(clock.millis() + openMillis);
        }
    }

    boolean isOpen() {
        return openUntil.get() != 0;
    }
}
