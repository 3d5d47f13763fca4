package io.cachet.internal;

import io.cachet.CacheSettings;
import io.cachet.spi.BackendFactory;
import io.cachet.spi.CacheBackend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every namespace's configuration: a namespace named in {@code cachet.namespaces.<name>.<setting>}
 * properties gets its own settings and, with {@code backend}, its own store; any other runs on the
 * global settings and the default store. Built once at start-up, where a bad property fails the
 * deployment naming it.
 *
 * <p>{@code cachet.namespaces.<name>.backend} names, in this order: a store configured as
 * {@code cachet.stores.<store>.backend=<type>} (its other properties are read under
 * {@code cachet.stores.<store>.}, falling back to the global ones), a {@code @Named} CDI
 * {@code CacheBackend} bean, or a backend type ({@code memory}, {@code redis}...), configured by the
 * global properties of that type, one store per type.
 */
final class Namespaces implements AutoCloseable {
    static final String PROPERTY_PREFIX = "cachet.namespaces.";
    /** Namespaces Cachet keeps its own keys in: tag versions and cluster-flight leases. */
    static final Set<String> RESERVED = Set.of("cachet-tag", "cachet-lease");
    private static final Pattern NAME = Pattern.compile("[^:\\s]+");

    private final CacheSettings defaults;
    private final GuardedBackend defaultStore;
    private final Map<String, Namespace> configured;
    private final Map<String, Namespace> others = new ConcurrentHashMap<>();
    /** Every store in use, the default first. */
    private final List<GuardedBackend> stores;
    /** What each store is called in metrics: {@code default}, or the reference namespaces name it by. */
    private final Map<GuardedBackend, String> storeNames;
    /** Stores created here for namespaces, closed with the application. */
    private final List<CacheBackend> owned;

    private Namespaces(CacheSettings defaults, GuardedBackend defaultStore, Map<String, Namespace> configured,
                       Map<GuardedBackend, String> stores, List<CacheBackend> owned) {
        this.defaults = defaults;
        this.defaultStore = defaultStore;
        this.configured = Map.copyOf(configured);
        this.stores = List.copyOf(stores.keySet());
        this.storeNames = new IdentityHashMap<>(stores);
        this.owned = List.copyOf(owned);
    }

    /** No namespace configured: every one on {@code settings} and {@code backend} (near-cached if the settings say so). */
    static Namespaces of(CacheSettings settings, CacheBackend backend) {
        NearKeys keys = new NearKeys();
        CacheBackend front = settings.nearCache() && !backend.capabilities().contains(io.cachet.spi.Capability.LOCAL)
                ? near(backend, null, "default", settings, keys) : backend;
        GuardedBackend store = GuardedBackend.of(front, settings);
        Map<GuardedBackend, String> stores = new java.util.LinkedHashMap<>();
        stores.put(store, "default");
        Namespaces namespaces = new Namespaces(settings, store, Map.of(), stores,
                front instanceof NearCache n ? List.of(n) : List.of());
        keys.namespaces = namespaces;
        return namespaces;
    }

    /**
     * The namespaces the {@code cachet.namespaces.*} properties among {@code names} configure, and
     * a near cache in front of each store one of its namespaces keeps near ({@code cachet.near.*}).
     *
     * @param namedBeans a {@code @Named} CDI store by name, or {@code null}
     * @throws IllegalArgumentException naming the bad property
     */
    static Namespaces configure(CacheSettings settings, CacheBackend backend, Function<String, String> property,
                                Set<String> names, Function<String, CacheBackend> namedBeans) {
        List<CacheBackend> owned = new ArrayList<>();
        Map<String, CacheBackend> byReference = new TreeMap<>();
        Map<CacheBackend, String> storeNames = new IdentityHashMap<>();
        storeNames.put(backend, "default");
        List<CacheBackend> order = new ArrayList<>(List.of(backend));
        Map<String, CacheSettings> own = new LinkedHashMap<>();
        Map<String, CacheBackend> storeOf = new LinkedHashMap<>();
        List<CacheBackend> created = new ArrayList<>();
        try {
            for (String namespace : namespaceNames(names)) {
                own.put(namespace, Config.namespaceSettings(property, settings, namespace));
                String reference = property.apply(PROPERTY_PREFIX + namespace + ".backend");
                CacheBackend store = backend;
                if (reference != null) {
                    store = byReference.get(reference.trim());
                    if (store == null) {
                        store = store(reference.trim(), PROPERTY_PREFIX + namespace + ".backend", backend, property,
                                namedBeans, owned, settings.clock());
                        byReference.put(reference.trim(), store);
                    }
                    if (storeNames.putIfAbsent(store, reference.trim()) == null) {
                        order.add(store);
                    }
                }
                storeOf.put(namespace, store);
            }
            // a near cache in front of each remote store one of its namespaces keeps near
            String busReference = property.apply("cachet.near.bus");
            CacheBackend bus = null;
            if (busReference != null) {
                bus = byReference.get(busReference.trim());
                if (bus == null) {
                    bus = store(busReference.trim(), "cachet.near.bus", backend, property, namedBeans, owned,
                            settings.clock());
                    byReference.put(busReference.trim(), bus);
                }
                if (!bus.capabilities().contains(io.cachet.spi.Capability.NOTIFY)) {
                    throw new IllegalArgumentException("cachet.near.bus names store '" + busReference.trim() + "' ("
                            + bus.name() + "), which has no pub/sub to carry invalidations; name a Redis store");
                }
            }
            NearKeys keys = new NearKeys();
            Map<CacheBackend, GuardedBackend> guards = new IdentityHashMap<>();
            Map<GuardedBackend, String> stores = new java.util.LinkedHashMap<>();
            for (CacheBackend store : order) {
                boolean near = store == backend && settings.nearCache();
                for (Map.Entry<String, CacheBackend> entry : storeOf.entrySet()) {
                    near |= entry.getValue() == store && own.get(entry.getKey()).nearCache();
                }
                CacheBackend front = store;
                if (near && !store.capabilities().contains(io.cachet.spi.Capability.LOCAL)) {
                    front = near(store, bus, storeNames.get(store), settings, keys);
                    created.add(front);
                }
                GuardedBackend guard = GuardedBackend.of(front, settings);
                guards.put(store, guard);
                stores.put(guard, storeNames.get(store));
            }
            Map<String, Namespace> configured = new LinkedHashMap<>();
            for (Map.Entry<String, CacheBackend> entry : storeOf.entrySet()) {
                configured.put(entry.getKey(), new Namespace(entry.getKey(), own.get(entry.getKey()),
                        guards.get(entry.getValue())));
            }
            List<CacheBackend> closing = new ArrayList<>(created); // near caches first, then the stores behind them
            closing.addAll(owned);
            Namespaces namespaces = new Namespaces(settings, guards.get(backend), configured, stores, closing);
            keys.namespaces = namespaces;
            return namespaces;
        } catch (RuntimeException e) {
            created.forEach(CacheBackend::close);
            owned.forEach(CacheBackend::close);
            throw e;
        }
    }

    /** A store's near cache: its own pub/sub, else {@code bus}, carries invalidations; neither: TTL-bound copies. */
    private static NearCache near(CacheBackend store, CacheBackend bus, String storeName, CacheSettings settings,
                                  NearKeys keys) {
        CacheBackend carrier = bus != null ? bus
                : store.capabilities().contains(io.cachet.spi.Capability.NOTIFY) ? store : null;
        java.time.Duration ttl = settings.nearTtl() != null ? settings.nearTtl()
                : java.time.Duration.ofSeconds(carrier != null ? 60 : 1);
        return new NearCache(store, carrier, settings.prefix() + ":cachet-near:" + storeName, keys,
                settings.nearMaxEntries(), ttl, settings.nearHeartbeat(), settings.clock());
    }

    /**
     * Which keys a near cache keeps: those of namespaces whose settings say {@code near} (on its
     * store), and the tag versions beside them; never leases, JCache's or an unknown namespace's.
     * Decided once per {@code {prefix}:{namespace}:}.
     */
    static final class NearKeys implements java.util.function.Predicate<String> {
        volatile Namespaces namespaces;
        private final Map<String, Boolean> decided = new ConcurrentHashMap<>();

        @Override
        public boolean test(String key) {
            int first = key.indexOf(':');
            int second = first < 0 ? -1 : key.indexOf(':', first + 1);
            if (second < 0) {
                return false;
            }
            Boolean known = decided.get(key.substring(0, second + 1));
            return known != null ? known : decide(key.substring(0, second + 1), key.substring(first + 1, second));
        }

        private boolean decide(String keyPrefix, String namespace) {
            Namespaces all = namespaces;
            if (all == null) {
                return false; // still starting: nothing is kept near yet
            }
            boolean near;
            if (namespace.equals("cachet-tag")) {
                near = true;
            } else {
                Namespace space = all.configured.containsKey(namespace) ? all.configured.get(namespace)
                        : all.others.get(namespace);
                near = space != null && space.keyPrefix.equals(keyPrefix) && space.settings.nearCache();
            }
            if (all.others.containsKey(namespace) || all.configured.containsKey(namespace)
                    || namespace.equals("cachet-tag")) {
                decided.put(keyPrefix, near); // an unknown namespace may be known later: decided again then
            }
            return near;
        }
    }

    /** The namespaces the properties name, each checked: a known setting, a valid name. */
    private static Set<String> namespaceNames(Set<String> names) {
        Set<String> namespaces = new java.util.TreeSet<>();
        for (String name : names) {
            if (!name.startsWith(PROPERTY_PREFIX)) {
                continue;
            }
            String rest = name.substring(PROPERTY_PREFIX.length());
            String namespace = null;
            for (String setting : Config.NAMESPACE_SETTINGS) {
                // as written, or from the environment, where '-' came back as '.'
                for (String written : new java.util.LinkedHashSet<>(List.of(setting, setting.replace('-', '.')))) {
                    if (rest.endsWith("." + written) && rest.length() > written.length() + 1) {
                        String candidate = rest.substring(0, rest.length() - written.length() - 1);
                        if (namespace == null || candidate.length() < namespace.length()) {
                            namespace = candidate;
                        }
                    }
                }
            }
            if (namespace == null) {
                throw new IllegalArgumentException(name + " is not a namespace setting: write "
                        + PROPERTY_PREFIX + "<namespace>.<setting>, with a setting among " + Config.NAMESPACE_SETTINGS);
            }
            if (!NAME.matcher(namespace).matches() || RESERVED.contains(namespace)) {
                throw new IllegalArgumentException(name + " names namespace '" + namespace
                        + "', which must not contain ':' or whitespace, nor be one of Cachet's own " + RESERVED);
            }
            namespaces.add(namespace);
        }
        return namespaces;
    }

    /** The names stores will have ({@code default}, then each reference a namespace's {@code backend} makes). */
    static Set<String> storeNames(Function<String, String> property, Set<String> names) {
        Set<String> stores = new java.util.LinkedHashSet<>(List.of("default"));
        for (String namespace : namespaceNames(names)) {
            String reference = property.apply(PROPERTY_PREFIX + namespace + ".backend");
            if (reference != null) {
                stores.add(reference.trim());
            }
        }
        return stores;
    }

    private static CacheBackend store(String reference, String property, CacheBackend defaultBackend,
                                      Function<String, String> properties, Function<String, CacheBackend> namedBeans,
                                      List<CacheBackend> owned, java.time.InstantSource clock) {
        String storePrefix = "cachet.stores." + reference + ".";
        if (properties.apply(storePrefix + "backend") != null) {
            CacheBackend created = BackendFactory.fromProperties(name -> {
                String own = properties.apply(storePrefix + name.substring("cachet.".length()));
                return own != null ? own : name.equals("cachet.backend") ? null : properties.apply(name);
            }, clock, storePrefix + "backend");
            owned.add(created);
            return created;
        }
        CacheBackend bean = namedBeans == null ? null : namedBeans.apply(reference);
        if (bean != null) {
            return bean;
        }
        if (reference.equalsIgnoreCase(defaultBackend.name())) {
            return defaultBackend;
        }
        if (!BackendFactory.types().contains(reference.toLowerCase(java.util.Locale.ROOT))) {
            throw new io.cachet.spi.ConfigurationException(property, property + " names no store: '" + reference + "' is neither a store"
                    + " configured as cachet.stores." + reference + ".backend=<type>, nor a @Named CacheBackend bean,"
                    + " nor a backend type " + BackendFactory.types() + " (is its cachet-" + reference
                    + " module on the class path?)");
        }
        CacheBackend created = BackendFactory.fromProperties(name -> name.equals("cachet.backend") ? reference : properties.apply(name),
                clock, property);
        owned.add(created);
        return created;
    }

    /** The namespace {@code name}: configured, or on the global settings and the default store. */
    Namespace get(String name) {
        Namespace found = configured.get(name);
        if (found != null) {
            return found;
        }
        return others.computeIfAbsent(name, n -> new Namespace(n, defaults, defaultStore));
    }

    /** The namespace {@code name} as {@link #get} has it, without remembering a new one (admin calls name any). */
    Namespace find(String name) {
        Namespace found = configured.get(name);
        if (found == null) {
            found = others.get(name);
        }
        return found != null ? found : new Namespace(name, defaults, defaultStore);
    }

    /** Every namespace seen so far: configured, or used by a method or a call. */
    Collection<Namespace> all() {
        Map<String, Namespace> all = new TreeMap<>(others);
        all.putAll(configured);
        return all.values();
    }

    GuardedBackend defaultStore() {
        return defaultStore;
    }

    /** Every store in use, the default first. */
    List<GuardedBackend> stores() {
        return stores;
    }

    /** A store's name in metrics and the management endpoint: {@code default}, or the reference namespaces use. */
    String storeName(GuardedBackend store) {
        return storeNames.getOrDefault(store, store.name());
    }

    @Override
    public void close() {
        for (CacheBackend backend : owned) {
            try {
                backend.close();
            } catch (RuntimeException ignored) {
                // closing the rest matters more
            }
        }
    }
}
