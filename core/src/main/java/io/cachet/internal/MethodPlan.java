package io.cachet.internal;

import io.cachet.Coder;
import io.cachet.KeyBuilder;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.time.Duration;

/**
 * Everything the interceptor needs about one {@code @Cached} method, worked out once at
 * deployment from the annotation and the global settings.
 */
final class MethodPlan implements io.cachet.spi.HttpExchange.Call {
    final Method method;
    final String description;
    /** The method returns {@code CompletionStage}/{@code CompletableFuture}; the value is cached. */
    final boolean async;
    /** The type that is encoded: the return type, or the stage's value type. */
    final Type valueType;
    final int[] keyIndexes;
    final String namespace;
    /** {@code {prefix}:{namespace}:} */
    final String keyPrefix;
    /** Time to live, or {@code null} for none. */
    final Duration ttl;
    final Coder coder;
    final KeyBuilder keyBuilder;
    final String statusHeader;
    /** A JAX-RS resource method: HTTP caching rules apply when the servlet module is present. */
    final boolean endpoint;
    final java.util.List<String> vary;
    final boolean shared;
    /** The key of a method without key parameters: computed once. */
    private final String constantKey;
    /** Recent keys by argument value, where that is safe (see {@link KeyMemo}); else null. */
    private final KeyMemo memo;

    MethodPlan(Method method, boolean async, Type valueType, int[] keyIndexes, String namespace, String prefix,
               Duration ttl, Coder coder, KeyBuilder keyBuilder, String statusHeader, boolean memoizeKeys,
               boolean endpoint, java.util.List<String> vary, boolean shared) {
        this.method = method;
        this.description = describe(method);
        this.async = async;
        this.valueType = valueType;
        this.keyIndexes = keyIndexes;
        this.namespace = namespace;
        this.keyPrefix = prefix + ":" + namespace + ":";
        this.ttl = ttl;
        this.coder = coder;
        this.keyBuilder = keyBuilder;
        this.statusHeader = statusHeader;
        this.endpoint = endpoint;
        this.vary = java.util.List.copyOf(vary);
        this.shared = shared;
        this.constantKey = keyIndexes.length == 0 ? keyPrefix + keyBuilder.build(method, new Object[0]) : null;
        this.memo = memoizeKeys && keyIndexes.length > 0 ? new KeyMemo() : null;
    }

    /** The full key for a call with these arguments. */
    String key(Object[] arguments) {
        if (constantKey != null) {
            return constantKey;
        }
        Object[] keyArguments = new Object[keyIndexes.length];
        for (int i = 0; i < keyIndexes.length; i++) {
            keyArguments[i] = arguments[keyIndexes[i]];
        }
        if (memo == null) {
            return keyPrefix + keyBuilder.build(method, keyArguments);
        }
        String key = memo.get(keyArguments);
        if (key == null) {
            key = keyPrefix + keyBuilder.build(method, keyArguments);
            memo.put(keyArguments, key);
        }
        return key;
    }

    @Override
    public String statusHeader() {
        return statusHeader;
    }

    @Override
    public java.util.List<String> vary() {
        return vary;
    }

    @Override
    public boolean shared() {
        return shared;
    }

    @Override
    public Duration ttl() {
        return ttl;
    }

    static String describe(Method method) {
        StringBuilder text = new StringBuilder(method.getDeclaringClass().getName()).append('.')
                .append(method.getName()).append('(');
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            text.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
        }
        return text.append(')').toString();
    }

    @Override
    public String toString() {
        return description;
    }
}
