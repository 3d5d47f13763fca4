package io.cachet.spi;

/** A store failed: the one exception type backends report client failures as. */
public class CacheBackendException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CacheBackendException(String message) {
        super(message);
    }

    public CacheBackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
