package io.cachet.servlet;

import jakarta.ws.rs.ext.ExceptionMapper;

/** Sends a {@link CachedAnswer}'s response. Registered by {@link CachetFeature}. */
public class CachedAnswerMapper implements ExceptionMapper<CachedAnswer> {
    @Override
    public jakarta.ws.rs.core.Response toResponse(CachedAnswer answer) {
        return answer.response();
    }
}
