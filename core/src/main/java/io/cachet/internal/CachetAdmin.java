package io.cachet.internal;

import io.cachet.CacheException;
import io.cachet.CacheSettings;
import io.cachet.CacheStats;
import io.cachet.Cachet;
import io.cachet.spi.BackendEntry;
import io.cachet.spi.CacheBackend;
import io.cachet.spi.HttpExchange;
import io.cachet.spi.Stores;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link Cachet} API applications inject: invalidation, eviction, keys, statistics and the
 * stores' state. Off the call path, which is {@link CacheEngine}'s; these calls may wait up to a
 * minute for a store, and a store failure is a {@link CacheException}.
 */
public final class CachetAdmin implements Cachet {
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(60);

    private final CacheEngine engine;
    private final Namespaces namespaces;

    public CachetAdmin(CacheEngine engine) {
        this.engine = engine;
        this.namespaces = engine.configuration();
    }

    @Override
    public void invalidateTag(String tag) {
        TagVersions.invalidate(namespaces, tag, ADMIN_TIMEOUT);
    }

    @Override
    public long clear(String namespace) {
        Objects.requireNonNull(namespace, "namespace");
        if (namespace.contains(":")) {
            throw new IllegalArgumentException("namespace must not contain ':', but was '" + namespace + "'");
        }
        if (Namespaces.RESERVED.contains(namespace)) {
            throw new IllegalArgumentException("namespace '" + namespace + "' is Cachet's own (tag versions, leases);"
                    + " use invalidateTag, or clear the namespaces that hold entries");
        }
        Namespace space = namespaces.find(namespace);
        String prefix = space.keyPrefix;
        Long removed = space.store.strict("clear", prefix, store -> store.clear(prefix), ADMIN_TIMEOUT);
        return removed == null ? CacheBackend.UNKNOWN_COUNT : removed;
    }

    @Override
    public boolean evict(Class<?> beanClass, String methodName, Object... arguments) {
        return evict(find(beanClass, methodName, arguments), arguments);
    }

    /** Evicts the entry of these arguments from every bean class that has {@code method}. */
    @Override
    public boolean evict(Method method, Object... arguments) {
        List<MethodPlan> found = engine.plansOf(method);
        if (found.isEmpty()) {
            throw new IllegalArgumentException(method + " is not a @Cached method of a discovered bean");
        }
        boolean removed = false;
        for (MethodPlan plan : found) {
            removed |= evict(plan, arguments);
        }
        return removed;
    }

    /**
     * Removes the entry for these arguments and, for a resource method on a store that lists keys,
     * the entries stored per request URL, user, {@code Vary} value or request body, which share its
     * key as a prefix (a scan of the store; on Memcached only the unscoped entry is removed).
     */
    private boolean evict(MethodPlan plan, Object[] arguments) {
        String key = keyOf(plan, arguments);
        GuardedBackend guard = plan.space.store;
        boolean removed = delete(guard, key);
        if (plan.endpoint && guard.capabilities().contains(io.cachet.spi.Capability.ITERATE_KEYS)) {
            String scoped = key + HttpExchange.SCOPE_PREFIX;
            String[] cursor = {null};
            do {
                io.cachet.spi.KeyPage page = guard.strict("evict", scoped,
                        store -> store.scan(scoped, cursor[0], 500), ADMIN_TIMEOUT);
                for (String entry : page.keys()) {
                    removed |= delete(guard, entry);
                }
                cursor[0] = page.nextCursor();
            } while (cursor[0] != null);
        }
        return removed;
    }

    private static boolean delete(GuardedBackend guard, String key) {
        return Boolean.TRUE.equals(guard.strict("evict", key, store -> store.delete(key), ADMIN_TIMEOUT));
    }

    @Override
    public String keyOf(Method method, Object... arguments) {
        List<MethodPlan> found = engine.plansOf(method);
        if (found.size() != 1) {
            throw new IllegalArgumentException(method + (found.isEmpty() ? " is not a @Cached method of a discovered bean"
                    : " is inherited by " + found.size() + " bean classes, each with its own keys"));
        }
        return keyOf(found.get(0), arguments);
    }

    private static String keyOf(MethodPlan plan, Object[] arguments) {
        Object[] args = arguments == null ? new Object[] {null} : arguments;
        if (args.length != plan.method.getParameterCount()) {
            throw new IllegalArgumentException(plan.description + " takes " + plan.method.getParameterCount()
                    + " arguments, but " + args.length + " were given");
        }
        return plan.key(args);
    }

    private MethodPlan find(Class<?> beanClass, String methodName, Object[] arguments) {
        int count = arguments == null ? 1 : arguments.length;
        List<MethodPlan> matches = new ArrayList<>();
        for (MethodPlan plan : engine.tableOf(beanClass).values()) {
            Method method = plan.method;
            if (method.getName().equals(methodName) && method.getParameterCount() == count && accepts(method, arguments)) {
                matches.add(plan);
            }
        }
        if (matches.size() != 1) {
            throw new IllegalArgumentException((matches.isEmpty() ? "no" : "more than one") + " @Cached method "
                    + beanClass.getName() + "." + methodName + " takes " + count + " such arguments"
                    + (matches.isEmpty() ? "" : ": " + matches + "; pass the Method instead"));
        }
        return matches.get(0);
    }

    private static boolean accepts(Method method, Object[] arguments) {
        if (arguments == null) {
            return !method.getParameterTypes()[0].isPrimitive();
        }
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            Object argument = arguments[i];
            Class<?> type = types[i].isPrimitive()
                    ? java.lang.invoke.MethodType.methodType(types[i]).wrap().returnType() : types[i];
            if (argument == null ? types[i].isPrimitive() : !type.isInstance(argument)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean isEnabled() {
        return engine.isEnabled();
    }

    @Override
    public void setEnabled(boolean enabled) {
        engine.setEnabled(enabled);
    }

    @Override
    public CacheSettings settings() {
        return engine.settings();
    }

    @Override
    public CacheBackend backend() {
        return namespaces.defaultStore();
    }

    /**
     * {@link Stores} for Cachet's modules; else the default store's, else the first other store's
     * that is (or has a client that is) a {@code type}.
     */
    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(this)) {
            return type.cast(this); // behind the injected client proxy: what a module keeps for every request
        }
        if (type == Stores.class) {
            return type.cast(engine);
        }
        IllegalArgumentException none = null;
        for (GuardedBackend store : namespaces.stores()) {
            try {
                return store.unwrap(type);
            } catch (IllegalArgumentException e) {
                none = none == null ? e : none;
            }
        }
        throw none;
    }

    @Override
    public CacheStats stats() {
        List<Metrics> all = new ArrayList<>();
        namespaces.all().forEach(space -> all.add(space.metrics));
        namespaces.stores().forEach(store -> all.add(store.metrics()));
        return Metrics.sum(all);
    }

    /**
     * The counts of one namespace's calls, with those of the store it uses (shared with the other
     * namespaces on that store).
     */
    @Override
    public CacheStats stats(String namespace) {
        Namespace space = namespaces.find(Objects.requireNonNull(namespace, "namespace"));
        return Metrics.sum(List.of(space.metrics, space.store.metrics()));
    }

    @Override
    public java.util.SortedSet<String> namespaces() {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        namespaces.all().forEach(space -> names.add(space.name));
        return java.util.Collections.unmodifiableSortedSet(names);
    }

    @Override
    public List<io.cachet.StoreState> stores() {
        List<io.cachet.StoreState> states = new ArrayList<>();
        for (GuardedBackend store : namespaces.stores()) {
            NearCache near = store.near();
            states.add(new io.cachet.StoreState(namespaces.storeName(store), store.name(), store.available(),
                    store.stats(), near == null ? null : new io.cachet.StoreState.Near(near.healthy(), near.hits.sum(),
                            near.misses.sum(), near.repairs.sum(), near.size(), near.peers())));
        }
        return states;
    }
}
