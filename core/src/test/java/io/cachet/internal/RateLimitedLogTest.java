package io.cachet.internal;

import io.cachet.testkit.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A dead store must not flood the log: one warning per kind per interval, saying what was left out. */
class RateLimitedLogTest {
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger("io.cachet");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            messages.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
    }

    @Test
    void oneWarningPerKindPerInterval_countingTheSuppressed() {
        ManualClock clock = new ManualClock();
        RateLimitedLog log = new RateLimitedLog(clock, Duration.ofSeconds(30).toMillis());
        for (int i = 0; i < 100; i++) {
            log.warn("read", "store down", null);
        }
        log.warn("write", "write failed", null);
        assertEquals(List.of("store down", "write failed"), messages);
        clock.advance(Duration.ofSeconds(31));
        log.warn("read", "store down", null);
        assertEquals(3, messages.size());
        assertTrue(messages.get(2).contains("99 similar warnings suppressed"), messages.get(2));
    }
}
