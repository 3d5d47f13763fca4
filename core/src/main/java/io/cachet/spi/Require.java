package io.cachet.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * Argument checks for settings builders, so that every bad value is refused the same way: the
 * setting's name, what it must be, and the value it had ("ttl must be positive, but was PT-1S").
 */
public final class Require {
    private Require() {
    }

    /** A duration above zero. */
    public static Duration positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, but was " + value);
        }
        return value;
    }

    /** A duration of zero or more. */
    public static Duration notNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, but was " + value);
        }
        return value;
    }

    /** A number above zero. */
    public static long positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, but was " + value);
        }
        return value;
    }

    /** A number of zero or more. */
    public static int notNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, but was " + value);
        }
        return value;
    }

    /** A number no smaller than {@code minimum}. */
    public static int atLeast(String name, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " must be at least " + minimum + ", but was " + value);
        }
        return value;
    }

    public static String notBlank(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
