package io.cachet.spi;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Settings checks name the setting, the rule and the bad value. */
class RequireTest {

    @Test
    void badValues_areRefused_withTheNameTheRuleAndTheValue() {
        assertEquals("ttl must be positive, but was PT-1S", assertThrows(IllegalArgumentException.class,
                () -> Require.positive("ttl", Duration.ofSeconds(-1))).getMessage());
        assertEquals("ttl must be positive, but was PT0S", assertThrows(IllegalArgumentException.class,
                () -> Require.positive("ttl", Duration.ZERO)).getMessage());
        assertEquals("ttl", assertThrows(NullPointerException.class,
                () -> Require.positive("ttl", (Duration) null)).getMessage());
        assertEquals("gap must not be negative, but was PT-0.001S", assertThrows(IllegalArgumentException.class,
                () -> Require.notNegative("gap", Duration.ofMillis(-1))).getMessage());
        assertEquals("bytes must be positive, but was 0", assertThrows(IllegalArgumentException.class,
                () -> Require.positive("bytes", 0L)).getMessage());
        assertEquals("retries must not be negative, but was -1", assertThrows(IllegalArgumentException.class,
                () -> Require.notNegative("retries", -1)).getMessage());
        assertEquals("threads must be at least 1, but was 0", assertThrows(IllegalArgumentException.class,
                () -> Require.atLeast("threads", 0, 1)).getMessage());
    }

    @Test
    void goodValues_areReturned() {
        assertEquals(Duration.ofSeconds(1), Require.positive("ttl", Duration.ofSeconds(1)));
        assertEquals(Duration.ZERO, Require.notNegative("gap", Duration.ZERO));
        assertEquals(5L, Require.positive("bytes", 5L));
        assertEquals(0, Require.notNegative("retries", 0));
        assertEquals(1, Require.atLeast("threads", 1, 1));
    }
}
