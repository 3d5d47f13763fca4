package io.cachet.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits for a state another thread or a server reaches: a condition, never a guessed sleep. */
public final class Await {
    private Await() {
    }

    /** Polls {@code condition} until it holds; fails after {@code deadline}. */
    public static void until(String what, Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        long pauseNanos = TimeUnit.MILLISECONDS.toNanos(1);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not reached within " + deadline + ": " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(pauseNanos);
            pauseNanos = Math.min(pauseNanos * 2, TimeUnit.MILLISECONDS.toNanos(50));
        }
    }
}
