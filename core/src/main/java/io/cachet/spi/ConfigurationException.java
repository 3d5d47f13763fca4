package io.cachet.spi;

/**
 * A configuration property has a value Cachet cannot use. The message names the property, what it
 * must be and the value it had; {@link #property()} is the property's full name.
 */
public final class ConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String property;

    public ConfigurationException(String property, String message) {
        this(property, message, null);
    }

    public ConfigurationException(String property, String message, Throwable cause) {
        super(message, cause);
        this.property = property;
    }

    /** The full name of the property, such as {@code cachet.redis.timeout-ms}. */
    public String property() {
        return property;
    }
}
