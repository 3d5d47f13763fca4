package io.cachet.servlet;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers {@link NotModified} with 304, the entity tag and no body. Found by the server's
 * {@code @Provider} scanning; an {@code Application} that lists its classes must list this one.
 */
@Provider
public class NotModifiedMapper implements ExceptionMapper<NotModified> {
    @Override
    public Response toResponse(NotModified signal) {
        String quoted = signal.etag();
        return Response.notModified(new EntityTag(quoted.substring(1, quoted.length() - 1))).build();
    }
}
