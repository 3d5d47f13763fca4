package io.cachet.internal;

import io.cachet.Coder;
import io.cachet.KeyBuilder;
import io.cachet.spi.HttpExchange;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Everything the interceptor needs about one {@code @Cached} method of one bean class, worked
 * out once at deployment from the annotation and the global settings. A method inherited by
 * several bean classes has a plan for each.
 */
final class MethodPlan implements HttpExchange.Call {
    /** The bean class whose instances this plan serves (the method may be declared by a superclass). */
    final Class<?> beanClass;
    final Method method;
    final String description;
    /** The method returns {@code CompletionStage}/{@code CompletableFuture}; the value is cached. */
    final boolean async;
    /** The type that is encoded: the return type (resolved against the bean class), or the stage's value type. */
    final Type valueType;
    final int[] keyIndexes;
    /** Per key parameter, what turns the argument into its key value (a security context into its user), or null. */
    private final UnaryOperator<Object>[] keyValues;
    final String namespace;
    /** The namespace's settings, store and counters. */
    final Namespace space;
    /** The entry's tags ({@code @Cached(tags)}), rendered per call; empty for none. */
    private final TagTemplate[] tags;
    /** {@code {prefix}:{namespace}:} */
    final String keyPrefix;
    /** Time to live, or {@code null} for none. */
    final Duration ttl;
    final Coder coder;
    final KeyBuilder keyBuilder;
    final String statusHeader;
    /** A JAX-RS resource method: HTTP caching rules apply, and it is cached only inside its own request. */
    final boolean endpoint;
    /** Declared {@code vary} plus what the method's responses said in {@code Vary}, learned as they are seen. */
    private volatile List<String> vary;
    final boolean shared;
    /** Per user: declared ({@link #requiresUser}), or a resource method keyed by a user argument. */
    final boolean perUser;
    /** {@code @Cached(perUser = true)}: a request with nobody identifiable is not cached. */
    private final boolean requiresUser;
    /**
     * A key argument names the user (a {@code Principal}, a {@code SecurityContext}), which may
     * resolve only in the caller's own context: its entry is refreshed by its caller, never in the background.
     */
    final boolean keysUser;
    private final List<String> identityHeaders;
    /**
     * A resource method whose key leaves request inputs to the request's scope (URL, user,
     * {@code Vary}): called as a bean by another resource method, it has no key of its own.
     */
    final boolean requestBound;
    /** How long after {@link #ttl} an entry answers while it is refreshed; {@link Duration#ZERO}: not at all. */
    final Duration staleWhileRevalidate;
    /** How long after {@link #ttl} an entry answers for a failing method; {@link Duration#ZERO}: not at all. */
    final Duration staleIfError;
    /** What the store keeps an entry for: {@link #ttl} plus the longer stale window; {@code null} for none. */
    final Duration storeTtl;
    /** Whether an entry of this method may be answered after its expiry at all (read on every hit). */
    private final boolean servesStale;
    /** A miss is computed once across the nodes sharing the store (a lease on the key), not once per JVM. */
    final boolean clusterFlight;
    /** A resource method's entries are misses after a successful write to their request's URI. */
    private final boolean invalidateOnWrite;
    /** The key of a method without key parameters: computed once. */
    private final String constantKey;
    /** Recent keys by argument value, where that is safe (see {@link KeyMemo}); else null. */
    private final KeyMemo memo;

    @SuppressWarnings("checkstyle:ParameterNumber")
    MethodPlan(Class<?> beanClass, Method method, boolean async, Type valueType, int[] keyIndexes,
               UnaryOperator<Object>[] keyValues, Namespace space, TagTemplate[] tags, Duration ttl, Coder coder,
               KeyBuilder keyBuilder, String statusHeader, boolean memoizeKeys, boolean endpoint, List<String> vary,
               boolean shared, boolean declaredPerUser, boolean keysUser, List<String> identityHeaders, boolean requestBound,
               Duration staleWhileRevalidate, Duration staleIfError, boolean clusterFlight, boolean invalidateOnWrite) {
        this.beanClass = beanClass;
        this.method = method;
        this.description = describe(beanClass, method);
        this.async = async;
        this.valueType = valueType;
        this.keyIndexes = keyIndexes;
        this.keyValues = keyValues;
        this.namespace = space.name;
        this.space = space;
        this.tags = tags;
        this.keyPrefix = space.keyPrefix;
        this.ttl = ttl;
        this.coder = coder;
        this.keyBuilder = keyBuilder;
        this.statusHeader = statusHeader;
        this.endpoint = endpoint;
        this.vary = List.copyOf(vary);
        this.shared = shared;
        this.requiresUser = declaredPerUser;
        this.keysUser = keysUser;
        this.perUser = declaredPerUser || endpoint && keysUser;
        this.identityHeaders = List.copyOf(identityHeaders);
        this.requestBound = requestBound;
        this.staleWhileRevalidate = staleWhileRevalidate;
        this.staleIfError = staleIfError;
        this.clusterFlight = clusterFlight;
        this.invalidateOnWrite = invalidateOnWrite;
        Duration window = staleWhileRevalidate.compareTo(staleIfError) >= 0 ? staleWhileRevalidate : staleIfError;
        this.storeTtl = ttl == null ? null : ttl.plus(window);
        this.servesStale = !window.isZero();
        this.constantKey = keyIndexes.length == 0 ? keyPrefix + keyBuilder.build(beanClass, method, new Object[0]) : null;
        this.memo = memoizeKeys && keyIndexes.length > 0 ? new KeyMemo() : null;
    }

    /** The full key for a call with these arguments. */
    String key(Object[] arguments) {
        if (constantKey != null) {
            return constantKey;
        }
        Object[] keyArguments = new Object[keyIndexes.length];
        for (int i = 0; i < keyIndexes.length; i++) {
            Object argument = arguments[keyIndexes[i]];
            keyArguments[i] = keyValues[i] == null ? argument : keyValues[i].apply(argument);
        }
        if (memo == null) {
            return keyPrefix + keyBuilder.build(beanClass, method, keyArguments);
        }
        String key = memo.get(keyArguments);
        if (key == null) {
            key = keyPrefix + keyBuilder.build(beanClass, method, keyArguments);
            memo.put(keyArguments, key);
        }
        return key;
    }

    /** The tags of a call with these arguments, or {@code null} when the method has none. */
    String[] tags(Object[] arguments) {
        if (tags.length == 0) {
            return null;
        }
        String[] rendered = new String[tags.length];
        for (int i = 0; i < tags.length; i++) {
            rendered[i] = tags[i].render(arguments);
        }
        return rendered;
    }

    @Override
    public String tagHeader() {
        return space.settings.tagHeader();
    }

    @Override
    public Class<?> beanClass() {
        return beanClass;
    }

    @Override
    public Method method() {
        return method;
    }

    @Override
    public String statusHeader() {
        return statusHeader;
    }

    @Override
    public List<String> vary() {
        return vary;
    }

    @Override
    public void learnVary(Collection<String> headers) {
        synchronized (this) {
            TreeSet<String> known = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            known.addAll(vary);
            List<String> grown = new ArrayList<>(vary);
            for (String header : headers) {
                if (known.add(header)) {
                    grown.add(header);
                }
            }
            if (grown.size() > vary.size()) {
                vary = List.copyOf(grown);
            }
        }
    }

    @Override
    public boolean shared() {
        return shared;
    }

    @Override
    public boolean perUser() {
        return perUser;
    }

    @Override
    public boolean requiresUser() {
        return requiresUser;
    }

    @Override
    public List<String> identityHeaders() {
        return identityHeaders;
    }

    @Override
    public Duration ttl() {
        return ttl;
    }

    @Override
    public Duration staleWhileRevalidate() {
        return staleWhileRevalidate;
    }

    @Override
    public Duration staleIfError() {
        return staleIfError;
    }

    @Override
    public boolean invalidateOnWrite() {
        return invalidateOnWrite;
    }

    /** Whether an entry of this method may be answered after its expiry at all. */
    boolean servesStale() {
        return servesStale;
    }

    static String describe(Class<?> beanClass, Method method) {
        StringBuilder text = new StringBuilder(beanClass.getName()).append('.').append(method.getName()).append('(');
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            text.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
        }
        text.append(')');
        if (beanClass != method.getDeclaringClass()) {
            text.append(" (inherited from ").append(method.getDeclaringClass().getName()).append(')');
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return description;
    }
}
