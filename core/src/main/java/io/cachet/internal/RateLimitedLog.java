package io.cachet.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs at most one warning of each kind per interval, saying how many were left out, so a dead
 * store cannot flood the log.
 */
final class RateLimitedLog {
    private static final Logger LOG = System.getLogger("io.cachet");

    private final InstantSource clock;
    private final long intervalMillis;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    RateLimitedLog(InstantSource clock, long intervalMillis) {
        this.clock = clock;
        this.intervalMillis = intervalMillis;
    }

    void warn(String kind, String message, Throwable cause) {
        Window window = windows.computeIfAbsent(kind, k -> new Window());
        long now = clock.millis();
        long last = window.lastLogged.get();
        if ((last == Long.MIN_VALUE || now - last >= intervalMillis) && window.lastLogged.compareAndSet(last, now)) {
            long suppressed = window.suppressed.getAndSet(0);
            String text = suppressed == 0 ? message : message + " (" + suppressed + " similar warnings suppressed)";
            LOG.log(Level.WARNING, text, cause);
        } else {
            window.suppressed.incrementAndGet();
        }
    }

    private static final class Window {
        final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong suppressed = new AtomicLong();
    }
}
