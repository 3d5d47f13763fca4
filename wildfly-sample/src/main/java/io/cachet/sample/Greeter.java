package io.cachet.sample;

import jakarta.enterprise.context.ApplicationScoped;

import javax.cache.annotation.CacheResult;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The standard JSR-107 {@code @CacheResult} on a CDI bean. */
@ApplicationScoped
public class Greeter {
    private final AtomicInteger computed = new AtomicInteger();

    @CacheResult(cacheName = "greetings")
    public Map<String, String> greet(String name) {
        return Map.of("greeting", "Hello " + name, "computation", Integer.toString(computed.incrementAndGet()));
    }
}
