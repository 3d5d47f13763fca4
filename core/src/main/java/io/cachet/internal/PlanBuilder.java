package io.cachet.internal;

import io.cachet.CacheKey;
import io.cachet.CacheSettings;
import io.cachet.Cached;
import io.cachet.Coder;
import io.cachet.DefaultKeyBuilder;
import io.cachet.KeyBuilder;
import io.cachet.spi.CoderFactory;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Validates a {@code @Cached} method of a bean class and works out its {@link MethodPlan}; every
 * rule that can be checked before the first call is checked here, so a bad annotation fails the
 * deployment. The key rules are the numbered ones on {@link Cached}, checked in that order
 * ({@code KeyRulesTest} has a test for each).
 */
final class PlanBuilder {
    private static final Pattern NAMESPACE = Pattern.compile("[^:\\s]*");

    private final Function<String, Namespace> namespaces;
    private final Function<Class<?>, Object> instances;
    private final List<CoderFactory> coderFactories;

    /**
     * @param instances creates (or finds) the coder and key builder named by an annotation;
     *     throws with a reason when it cannot
     */
    PlanBuilder(Function<String, Namespace> namespaces, Function<Class<?>, Object> instances) {
        this.namespaces = namespaces;
        this.instances = instances;
        List<CoderFactory> factories = new ArrayList<>();
        var found = ServiceLoader.load(CoderFactory.class, PlanBuilder.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!found.hasNext()) {
                    break;
                }
                factories.add(found.next());
            } catch (java.util.ServiceConfigurationError | LinkageError e) {
                // a factory whose API is absent here (JAX-RS in a plain CDI app): not needed either
            }
        }
        this.coderFactories = List.copyOf(factories);
    }

    /** The plan for {@code method} on instances of {@code beanClass}; {@link IllegalArgumentException} says what is wrong. */
    MethodPlan build(Class<?> beanClass, Method method, Cached cached) {
        Type returnType = GenericTypes.resolve(method.getGenericReturnType(), beanClass);
        Class<?> rawReturn = method.getReturnType();
        if (rawReturn == void.class || rawReturn == Void.class) {
            throw new IllegalArgumentException("it returns " + rawReturn.getSimpleName() + ": there is no result to cache");
        }
        boolean async = rawReturn == CompletionStage.class || rawReturn == CompletableFuture.class;
        if (!async && Future.class.isAssignableFrom(rawReturn) || !async && CompletionStage.class.isAssignableFrom(rawReturn)) {
            throw new IllegalArgumentException("it returns " + rawReturn.getName()
                    + "; asynchronous methods must declare CompletionStage or CompletableFuture");
        }
        Type valueType = async ? stageValueType(returnType) : returnType;

        String namespace = cached.namespace();
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace must not contain ':' or whitespace, but was '" + namespace + "'");
        }
        if (Namespaces.RESERVED.contains(namespace)) {
            throw new IllegalArgumentException("namespace '" + namespace + "' is Cachet's own (" + Namespaces.RESERVED
                    + " hold tag versions and leases); choose another");
        }
        Namespace space = namespaces.apply(namespace);
        CacheSettings settings = space.settings;
        Duration ttl = ttl(cached.expire(), settings);
        Duration staleWhileRevalidate = staleWindow("staleWhileRevalidate", cached.staleWhileRevalidate(),
                settings.staleWhileRevalidate(), ttl);
        Duration staleIfError = staleWindow("staleIfError", cached.staleIfError(), settings.staleIfError(), ttl);
        if (cached.shared() && cached.perUser()) {
            throw new IllegalArgumentException("shared = true and perUser = true contradict each other; keep one");
        }
        Coder coder = cached.coder() == Coder.class ? coderFor(valueType, settings.coder()) : create(cached.coder(), "coder");
        KeyBuilder keyBuilder = cached.keyBuilder() == KeyBuilder.class
                ? settings.keyBuilder() : create(cached.keyBuilder(), "keyBuilder");
        String statusHeader = cached.statusHeader().isEmpty() ? settings.statusHeader() : cached.statusHeader();
        if (!cached.statusHeader().isEmpty()) {
            CacheSettings.builder().statusHeader(statusHeader); // validates the name
        }
        for (String header : cached.vary()) {
            try {
                CacheSettings.builder().statusHeader(header); // the same token rule
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("vary must name HTTP headers, but has '" + header + "'");
            }
        }

        Method annotated = RequestInputs.annotated(beanClass, method);
        boolean endpoint = RequestInputs.isResourceMethod(annotated);
        KeyParameters key = keyParameters(method, annotated, cached, endpoint);
        List<RequestInputs.Injected> injected = endpoint ? RequestInputs.injected(beanClass) : List.of();
        List<String> identityHeaders = injectedInputs(injected, cached);
        List<String> vary = new ArrayList<>(List.of(cached.vary()));
        if (endpoint && RequestInputs.negotiated(beanClass, annotated)
                && vary.stream().noneMatch(header -> header.equalsIgnoreCase("Accept"))) {
            vary.add("Accept"); // the runtime picks the representation by it: the entry is keyed by it too
        }
        // Keyed by the request's scope only: as a bean call (another resource calls it) it has no such key.
        boolean requestBound = endpoint && (key.dropsRequestInputs || cached.perUser() || cached.vary().length > 0
                || !injected.isEmpty());
        List<Parameter> validated = new ArrayList<>();
        for (int i = 0; i < key.indexes.length; i++) {
            if (key.values[i] == null) {
                validated.add(method.getParameters()[key.indexes[i]]);
            }
        }
        keyBuilder.validate(method, validated);
        // Only the default builder is known to depend on nothing but the arguments' values.
        boolean memoize = keyBuilder instanceof DefaultKeyBuilder && validated.size() == key.indexes.length
                && KeyMemo.applies(validated);
        TagTemplate[] tags = new TagTemplate[cached.tags().length];
        java.util.Set<Integer> keyed = new java.util.HashSet<>();
        for (int index : key.indexes) {
            keyed.add(index);
        }
        for (int i = 0; i < tags.length; i++) {
            tags[i] = TagTemplate.parse(cached.tags()[i], method);
            for (int argument : tags[i].arguments()) {
                if (!keyed.contains(argument)) {
                    throw new IllegalArgumentException("tag '" + cached.tags()[i] + "' uses parameter '"
                            + method.getParameters()[argument].getName() + "', which is not in the key: calls that"
                            + " share an entry would disagree on its tags; tag with key parameters only");
                }
            }
        }
        return new MethodPlan(beanClass, method, async, valueType, key.indexes, key.values, space, tags, ttl, coder, keyBuilder, statusHeader, memoize, endpoint, vary,
                cached.shared(), cached.perUser(), key.identity, identityHeaders, requestBound,
                staleWhileRevalidate, staleIfError, switch (cached.flight()) {
                    case DEFAULT -> settings.clusterFlight();
                    case JVM -> false;
                    case CLUSTER -> true;
                }, cached.invalidateOnWrite());
    }

    /**
     * The key parameters, what turns identity arguments into key values, whether one is an
     * identity, and whether request inputs were left out of them (the request's scope keys those).
     */
    private record KeyParameters(int[] indexes, UnaryOperator<Object>[] values, boolean identity,
                                 boolean dropsRequestInputs) {
    }

    /**
     * Which parameters make up the key: rules 3 to 10 on {@link Cached} (plumbing, a session, a
     * user, a URL, request headers, the rest; the marked ones; header parameters left out).
     */
    @SuppressWarnings("unchecked")
    private static KeyParameters keyParameters(Method method, Method annotatedMethod, Cached cached, boolean endpoint) {
        Parameter[] parameters = method.getParameters();
        Parameter[] annotated = annotatedMethod.getParameters();
        List<Integer> marked = new ArrayList<>();
        List<Integer> data = new ArrayList<>();
        List<Integer> identities = new ArrayList<>();
        boolean dropped = false;
        for (int i = 0; i < parameters.length; i++) {
            Class<?> type = parameters[i].getType();
            RequestInputs.Kind kind = RequestInputs.parameter(annotated[i], type);
            if (parameters[i].isAnnotationPresent(CacheKey.class)) {
                marked.add(i);
            }
            switch (kind) {
                case INFRASTRUCTURE -> { }
                case IDENTITY -> {
                    if (RequestInputs.isA(type, java.util.Set.of("jakarta.servlet.http.HttpSession"))) {
                        if (!endpoint) {
                            data.add(i); // no value rendering: the key builder names it
                        }
                        dropped |= endpoint;
                    } else {
                        if (cached.shared()) {
                            throw new IllegalArgumentException(Parameters.describe(parameters[i]) + " makes the answer"
                                    + " per user, but the method says shared = true; remove one of them");
                        }
                        identities.add(i);
                    }
                }
                case TARGET -> {
                    if (!endpoint) {
                        data.add(i);
                    }
                    dropped |= endpoint;
                }
                case HEADERS -> {
                    dropped |= endpoint;
                    if (!endpoint) {
                        data.add(i);
                    } else if (cached.vary().length == 0 && !cached.perUser() && !cached.shared()) {
                        throw new IllegalArgumentException(Parameters.describe(parameters[i]) + " hands the method request"
                                + " headers that are not in the key; say how the answer varies: vary = {...} naming the"
                                + " headers it reads, perUser = true, or shared = true");
                    }
                }
                case DATA -> data.add(i);
            }
        }
        java.util.TreeSet<Integer> chosen = new java.util.TreeSet<>(marked.isEmpty() ? data : marked);
        chosen.removeAll(identities);
        chosen.addAll(identities);
        if (endpoint) {
            java.util.TreeSet<String> vary = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            vary.addAll(List.of(cached.vary()));
            for (int i = 0; i < parameters.length; i++) {
                String header = RequestInputs.header(annotated[i]);
                dropped |= header != null && !chosen.contains(i);
                if (header != null && !chosen.contains(i) && !cached.perUser() && !cached.shared()
                        && !vary.contains(header)) {
                    throw new IllegalArgumentException(Parameters.describe(parameters[i]) + " reads request header "
                            + header + ", but " + (marked.isEmpty() ? "its type leaves" : "@CacheKey leaves")
                            + " it out of the key; add it to vary (vary = \"" + header
                            + "\"), mark it @CacheKey, or say perUser = true or shared = true");
                }
            }
        }
        int[] indexes = chosen.stream().mapToInt(Integer::intValue).toArray();
        UnaryOperator<Object>[] values = new UnaryOperator[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            if (identities.contains(indexes[i])) {
                values[i] = userOf(parameters[indexes[i]].getType());
            }
        }
        return new KeyParameters(indexes, values, !identities.isEmpty(), dropped);
    }

    /**
     * Checks the request inputs injected into a resource's fields and setters; returns the headers
     * that {@code @HeaderParam} members read, which a per-user key includes.
     */
    private static List<String> injectedInputs(List<RequestInputs.Injected> injected, Cached cached) {
        java.util.TreeSet<String> vary = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        vary.addAll(List.of(cached.vary()));
        boolean scoped = cached.perUser() || cached.shared();
        List<String> headers = new ArrayList<>();
        for (RequestInputs.Injected input : injected) {
            if (input.kind() != RequestInputs.Kind.HEADERS) {
                continue; // URL inputs are keyed with the matched request, identities per user
            }
            if (input.header() != null) {
                if (!input.header().equals("Cookie")) {
                    headers.add(input.header());
                }
                if (!scoped && !vary.contains(input.header())) {
                    throw new IllegalArgumentException(input.description() + " reads request header "
                            + input.header() + ", which is not in the key; add it to vary (vary = \""
                            + input.header() + "\"), or say perUser = true or shared = true");
                }
            } else if (!scoped && vary.isEmpty()) {
                throw new IllegalArgumentException(input.description() + " hands the resource request headers that"
                        + " are not in the key; say how the answer varies: vary = {...} naming the headers it reads,"
                        + " perUser = true, or shared = true");
            }
        }
        return headers;
    }

    /** What keys a {@code Principal} or {@code SecurityContext} argument: its user's name. */
    private static UnaryOperator<Object> userOf(Class<?> type) {
        if (Principal.class.isAssignableFrom(type)) {
            return argument -> argument == null ? null : new User(((Principal) argument).getName());
        }
        Method getUserPrincipal;
        try {
            getUserPrincipal = type.getMethod("getUserPrincipal");
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type.getName() + " has no getUserPrincipal()", e);
        }
        return argument -> {
            if (argument == null) {
                return null;
            }
            try {
                Principal principal = (Principal) getUserPrincipal.invoke(argument);
                return new User(principal == null ? null : principal.getName());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read the user of " + argument, e);
            }
        };
    }

    /** The key value of an identity argument. */
    record User(String name) {
    }


    private Coder coderFor(Type valueType, Coder fallback) {
        for (CoderFactory factory : coderFactories) {
            try {
                Coder special = factory.coderFor(valueType, fallback);
                if (special != null) {
                    return special;
                }
            } catch (LinkageError e) {
                // the factory's API is not on this class path
            }
        }
        return fallback;
    }

    /**
     * A stale window: the method's seconds, else the global default; none for an entry that never
     * expires (a window set on such a method is a mistake, named).
     */
    private static Duration staleWindow(String name, long seconds, Duration fallback, Duration ttl) {
        if (seconds == Cached.UNSET) {
            return ttl == null ? Duration.ZERO : fallback;
        }
        if (seconds < 0) {
            throw new IllegalArgumentException(name + " must be seconds, zero or more (or unset), but was " + seconds);
        }
        if (seconds > 0 && ttl == null) {
            throw new IllegalArgumentException(name + " = " + seconds + " needs an expiry to be stale after:"
                    + " set expire (or a default expiry), or leave " + name + " out");
        }
        return Duration.ofSeconds(seconds);
    }

    private static Duration ttl(long expire, CacheSettings settings) {
        if (expire == Cached.UNSET) {
            return settings.defaultExpire();
        }
        if (expire == Cached.NEVER) {
            return null;
        }
        if (expire < 0) {
            throw new IllegalArgumentException("expire must be positive seconds (or Cached.NEVER, or unset), but was "
                    + expire);
        }
        return Duration.ofSeconds(expire);
    }

    private <T> T create(Class<T> type, String member) {
        try {
            return type.cast(instances.apply(type));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(member + " " + type.getName() + " cannot be created: " + e.getMessage(), e);
        }
    }

    private static Type stageValueType(Type returnType) {
        if (returnType instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[0];
        }
        throw new IllegalArgumentException("it returns a raw " + ((Class<?>) returnType).getSimpleName()
                + "; declare the value type, such as CompletionStage<Item>");
    }
}
