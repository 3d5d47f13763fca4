package io.cachet.internal;

import io.cachet.CacheSettings;
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

    /** No namespace configured: every one on {@code settings} and {@code backend}. */
    static Namespaces of(CacheSettings settings, CacheBackend backend) {
        GuardedBackend store = GuardedBackend.of(backend, settings);
        Map<GuardedBackend, String> stores = new IdentityHashMap<>();
        stores.put(store, "default");
        return new Namespaces(settings, store, Map.of(), stores, List.of());
    }

    /**
     * The namespaces the {@code cachet.namespaces.*} properties among {@code names} configure.
     *
     * @param namedBeans a {@code @Named} CDI store by name, or {@code null}
     * @throws IllegalArgumentException naming the bad property
     */
    static Namespaces configure(CacheSettings settings, CacheBackend backend, Function<String, String> property,
                                Set<String> names, Function<String, CacheBackend> namedBeans) {
        GuardedBackend defaultStore = GuardedBackend.of(backend, settings);
        Map<CacheBackend, GuardedBackend> guards = new IdentityHashMap<>();
        guards.put(backend, defaultStore);
        Map<GuardedBackend, String> stores = new java.util.LinkedHashMap<>();
        stores.put(defaultStore, "default");
        List<CacheBackend> owned = new ArrayList<>();
        Map<String, CacheBackend> byReference = new TreeMap<>();
        Map<String, Namespace> configured = new LinkedHashMap<>();
        try {
            for (String namespace : namespaceNames(names)) {
                CacheSettings own = Config.namespaceSettings(property, settings, namespace);
                String reference = property.apply(PROPERTY_PREFIX + namespace + ".backend");
                GuardedBackend store = defaultStore;
                if (reference != null) {
                    CacheBackend found = byReference.get(reference.trim());
                    if (found == null) {
                        found = store(reference.trim(), PROPERTY_PREFIX + namespace + ".backend", backend, property,
                                namedBeans, owned, settings.clock());
                        byReference.put(reference.trim(), found);
                    }
                    String storeName = reference.trim();
                    store = guards.computeIfAbsent(found, b -> {
                        GuardedBackend guard = GuardedBackend.of(b, settings);
                        stores.put(guard, storeName);
                        return guard;
                    });
                }
                configured.put(namespace, new Namespace(namespace, own, store));
            }
        } catch (RuntimeException e) {
            owned.forEach(CacheBackend::close);
            throw e;
        }
        return new Namespaces(settings, defaultStore, configured, stores, owned);
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
            CacheBackend created = Config.backend(name -> {
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
        if (!Config.backendTypes().contains(reference.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException(property + " names no store: '" + reference + "' is neither a store"
                    + " configured as cachet.stores." + reference + ".backend=<type>, nor a @Named CacheBackend bean,"
                    + " nor a backend type " + Config.backendTypes() + " (is its cachet-" + reference
                    + " module on the class path?)");
        }
        CacheBackend created = Config.backend(name -> name.equals("cachet.backend") ? reference : properties.apply(name),
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

    /** Whether {@code name} has settings of its own. */
    boolean isConfigured(String name) {
        return configured.containsKey(name);
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
