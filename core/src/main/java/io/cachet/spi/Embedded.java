package io.cachet.spi;

import io.cachet.CacheSettings;
import io.cachet.Cachet;
import io.cachet.internal.CacheEngine;
import io.cachet.internal.CachetAdmin;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Cachet without a CDI container, for a store's contract tests, benchmarks and frameworks that
 * call methods themselves: {@code @Cached} methods planned as the extension plans them, each call
 * through the same path as an intercepted one.
 */
public final class Embedded implements AutoCloseable {
    private final CacheEngine engine;
    private final Cachet cachet;

    private Embedded(CacheEngine engine) {
        this.engine = engine;
        this.cachet = new CachetAdmin(engine);
    }

    /**
     * Plans {@code cachedMethods} on {@code backend}.
     *
     * @throws IllegalArgumentException for a method without {@code @Cached}, or a bad annotation
     */
    public static Embedded create(CacheSettings settings, CacheBackend backend, List<Method> cachedMethods) {
        return new Embedded(CacheEngine.create(settings, backend, cachedMethods));
    }

    /** Calls {@code method} with {@code arguments} through the cache; {@code body} is the method itself. */
    public Object invoke(Method method, Object[] arguments, Callable<Object> body) throws Exception {
        return engine.invoke(method, arguments, body::call);
    }

    /** The {@link Cachet} API of these methods' namespaces and stores. */
    public Cachet cachet() {
        return cachet;
    }

    /** Stops background refreshes and closes the stores made for namespaces (not {@code backend}). */
    @Override
    public void close() {
        engine.close();
    }
}
