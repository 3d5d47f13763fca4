package io.cachet.sample;

import io.cachet.Cached;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** fastapi-cache's {@code func_kwargs}: a cached plain bean call, not an endpoint cache. */
@ApplicationScoped
public class Kwargs {

    @Cached(namespace = "test")
    public Map<String, String> funcKwargs(String name) {
        return Map.of("name", name);
    }
}
