package io.cachet.spi;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads {@code cachet.*} configuration properties for settings classes, so that every bad value
 * is reported the same way: the property's name, what it must be, and the value it had.
 */
public final class Properties {
    private final Function<String, String> source;

    /** {@code source} returns a property's value, or {@code null} when it is not set. */
    public Properties(Function<String, String> source) {
        this.source = source;
    }

    /** The trimmed value of {@code name}, or {@code null} when unset or blank. */
    public String get(String name) {
        String value = source.apply(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * Hands the value of {@code name}, when set, to {@code setter}; an
     * {@link IllegalArgumentException} from it is re-thrown naming the property and the value.
     */
    public void ifSet(String name, Consumer<String> setter) {
        String value = get(name);
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            throw message.startsWith(name) ? e
                    : new IllegalArgumentException(name + ": " + message + " (was '" + value + "')", e);
        }
    }

    /** {@code true} or {@code false}, any case. */
    public static boolean bool(String name, String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException(name + " must be true or false, but was '" + value + "'");
    }

    /** A whole number. */
    public static long wholeNumber(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, but was '" + value + "'");
        }
    }

    /** A whole number, zero or more. */
    public static long notNegative(String name, String value) {
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number, zero or more, but was '" + value + "'");
    }

    /** A whole number above zero. */
    public static long positive(String name, String value) {
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive whole number, but was '" + value + "'");
    }
}
