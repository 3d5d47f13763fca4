package io.cachet.servlet;

import jakarta.ws.rs.core.Response;

/**
 * How a {@code @Cached} resource method call ends on a hit: the stored response (or 304 Not
 * Modified), which {@link CachedAnswerMapper} hands to JAX-RS. Thrown only once the cache is done
 * with the call; no stack trace: it is an answer, not an error.
 */
public final class CachedAnswer extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Response response;

    CachedAnswer(Response response) {
        super("answered from the cache: " + response.getStatus(), null, false, false);
        this.response = response;
    }

    /** The response to send. */
    public Response response() {
        return response;
    }
}
