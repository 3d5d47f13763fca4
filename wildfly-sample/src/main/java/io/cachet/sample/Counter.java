package io.cachet.sample;

import io.cachet.Cached;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicInteger;

/** fastapi-cache's {@code get_ret}: a cached function that counts, called by the cached {@code /}. */
@ApplicationScoped
public class Counter {
    private final AtomicInteger ret = new AtomicInteger();

    @Cached(namespace = "test", expire = 1)
    public int next() {
        return ret.incrementAndGet();
    }
}
