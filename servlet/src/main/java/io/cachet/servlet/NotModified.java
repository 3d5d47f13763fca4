package io.cachet.servlet;

/**
 * Thrown from inside a {@code @Cached} resource method call when {@code If-None-Match} matches:
 * {@link NotModifiedMapper} turns it into 304 (a mapped exception, so the framework does not log
 * it as a failure). No stack trace: it is a signal, not an error.
 */
public final class NotModified extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String etag;

    NotModified(String etag) {
        super("304 Not Modified " + etag, null, false, false);
        this.etag = etag;
    }

    /** The quoted entity tag. */
    public String etag() {
        return etag;
    }
}
