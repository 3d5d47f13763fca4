package io.cachet.internal;

import io.cachet.Cached;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * The interceptor behind {@link Cached}. It runs after the platform's interceptors (security,
 * transactions) and before the application's, so authorization is checked before a cached
 * result is served.
 */
@Cached
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 100)
public class CachedInterceptor {
    private final CachetExtension extension;

    @Inject
    public CachedInterceptor(CachetExtension extension) {
        this.extension = extension;
    }

    @AroundInvoke
    public Object intercept(InvocationContext context) throws Exception {
        return extension.engine().invoke(context.getTarget().getClass(), context.getMethod(), context.getParameters(),
                context::proceed);
    }
}
