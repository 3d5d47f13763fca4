package io.cachet.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What JAX-RS and CDI can hand a resource, read by annotation and type name (core does not depend
 * on either API): which method carries a resource method's JAX-RS annotations (JAX-RS 3.1 §3.6:
 * its own, else the superclass's, else an interface's), and how each parameter and injected field
 * relates to the cache key.
 */
final class RequestInputs {
    /** How an input reaches the key. */
    enum Kind {
        /** An argument keyed by its value. */
        DATA,
        /** Plumbing: never request data, left out. */
        INFRASTRUCTURE,
        /** Who is calling: keyed per user. */
        IDENTITY,
        /** Derived from the request's URL (path, query, host): keyed with the matched request. */
        TARGET,
        /** Request headers or cookies the key does not hold unless the method says how the answer varies. */
        HEADERS
    }

    /** A request input that reaches a resource outside its parameters. */
    record Injected(String description, Kind kind, String header) {
    }

    private static final String JAXRS = "jakarta.ws.rs.";
    private static final String INJECT = "jakarta.inject.Inject";
    /** Injected lookups, which hand over what their type argument names. */
    private static final Set<String> LOOKUPS = Set.of("jakarta.enterprise.inject.Instance", "jakarta.inject.Provider");
    private static final Set<String> INFRASTRUCTURE_TYPES = Set.of(
            "jakarta.servlet.ServletResponse", "jakarta.servlet.http.HttpServletResponse",
            "jakarta.servlet.ServletContext", "jakarta.servlet.ServletConfig",
            "jakarta.ws.rs.container.AsyncResponse", "jakarta.ws.rs.container.ResourceInfo",
            "jakarta.ws.rs.container.ResourceContext", "jakarta.ws.rs.core.Application",
            "jakarta.ws.rs.core.Configuration", "jakarta.ws.rs.ext.Providers", "jakarta.ws.rs.sse.Sse",
            "jakarta.ws.rs.sse.SseEventSink",
            "jakarta.enterprise.inject.spi.InjectionPoint", "jakarta.enterprise.inject.spi.BeanManager",
            "jakarta.enterprise.inject.Instance",
            "jakarta.persistence.EntityManager", "jakarta.persistence.EntityManagerFactory",
            "java.sql.Connection", "javax.sql.DataSource");
    private static final Set<String> IDENTITY_TYPES = Set.of("java.security.Principal",
            "jakarta.ws.rs.core.SecurityContext", "jakarta.servlet.http.HttpSession");
    private static final Set<String> TARGET_TYPES = Set.of("jakarta.ws.rs.core.UriInfo");
    /** Types that carry any request header or cookie ({@code Request} negotiates and evaluates preconditions by them). */
    private static final Set<String> HEADER_TYPES = Set.of("jakarta.ws.rs.core.HttpHeaders", "jakarta.ws.rs.core.Request",
            "jakarta.servlet.ServletRequest", "jakarta.servlet.http.HttpServletRequest",
            "jakarta.ws.rs.container.ContainerRequestContext", "jakarta.ws.rs.core.Cookie");

    private RequestInputs() {
    }

    /**
     * The method whose JAX-RS annotations apply to {@code method} on {@code beanClass}: the method
     * itself if it or a parameter has one, else the first such method of the same signature on a
     * superclass, else on an implemented interface.
     */
    static Method annotated(Class<?> beanClass, Method method) {
        if (hasJaxRs(method)) {
            return method;
        }
        for (Class<?> type = beanClass; type != null && type != Object.class; type = type.getSuperclass()) {
            Method candidate = sameSignature(type, method);
            if (candidate != null && hasJaxRs(candidate)) {
                return candidate;
            }
        }
        Deque<Class<?>> interfaces = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        for (Class<?> type = beanClass; type != null; type = type.getSuperclass()) {
            interfaces.addAll(List.of(type.getInterfaces()));
        }
        while (!interfaces.isEmpty()) {
            Class<?> type = interfaces.poll();
            if (!seen.add(type)) {
                continue;
            }
            Method candidate = sameSignature(type, method);
            if (candidate != null && hasJaxRs(candidate)) {
                return candidate;
            }
            interfaces.addAll(List.of(type.getInterfaces()));
        }
        return method;
    }

    /** A JAX-RS resource method: it carries an annotation meta-annotated {@code @jakarta.ws.rs.HttpMethod}. */
    static boolean isResourceMethod(Method annotated) {
        for (Annotation annotation : annotated.getAnnotations()) {
            for (Annotation meta : annotation.annotationType().getAnnotations()) {
                if (meta.annotationType().getName().equals("jakarta.ws.rs.HttpMethod")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the runtime chooses the representation by {@code Accept}: the method's (else its
     * class's) {@code @Produces} does not name exactly one concrete media type.
     */
    static boolean negotiated(Class<?> beanClass, Method annotated) {
        Annotation produces = annotation(annotated, "jakarta.ws.rs.Produces");
        for (Class<?> type = annotated.getDeclaringClass(); produces == null && type != null; type = type.getSuperclass()) {
            produces = annotation(type, "jakarta.ws.rs.Produces");
        }
        for (Class<?> type = beanClass; produces == null && type != null; type = type.getSuperclass()) {
            produces = annotation(type, "jakarta.ws.rs.Produces");
        }
        if (produces == null) {
            return true;
        }
        List<String> types = new ArrayList<>();
        try {
            for (String value : (String[]) produces.annotationType().getMethod("value").invoke(produces)) {
                for (String one : value.split(",")) {
                    if (!one.isBlank()) {
                        types.add(one.trim());
                    }
                }
            }
        } catch (ReflectiveOperationException e) {
            return true;
        }
        return types.size() != 1 || types.get(0).contains("*");
    }

    private static Method sameSignature(Class<?> type, Method method) {
        Class<?>[] wanted = method.getParameterTypes();
        for (Method candidate : type.getDeclaredMethods()) {
            if (candidate.getName().equals(method.getName()) && !candidate.isSynthetic()
                    && candidate.getParameterCount() == wanted.length && !Modifier.isStatic(candidate.getModifiers())) {
                Class<?>[] types = candidate.getParameterTypes();
                boolean same = true;
                for (int i = 0; i < types.length && same; i++) {
                    same = types[i].isAssignableFrom(wanted[i]); // a generic parameter erases to its bound
                }
                if (same) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static boolean hasJaxRs(Method method) {
        if (hasJaxRs((AnnotatedElement) method)) {
            return true;
        }
        for (Parameter parameter : method.getParameters()) {
            if (hasJaxRs(parameter)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasJaxRs(AnnotatedElement element) {
        for (Annotation annotation : element.getAnnotations()) {
            if (annotation.annotationType().getName().startsWith(JAXRS)) {
                return true;
            }
        }
        return false;
    }

    /** How a parameter of a {@code @Cached} method relates to its key ({@code annotated}: its JAX-RS annotations). */
    static Kind parameter(Parameter annotated, Class<?> type) {
        if (annotation(annotated, "jakarta.ws.rs.container.Suspended") != null) {
            return Kind.INFRASTRUCTURE;
        }
        Kind kind = kindOf(type);
        return kind == null ? Kind.DATA : kind;
    }

    /** The kind of a request-related type, or {@code null} for any other type. */
    static Kind kindOf(Class<?> type) {
        if (isA(type, INFRASTRUCTURE_TYPES)) {
            return Kind.INFRASTRUCTURE;
        }
        if (isA(type, IDENTITY_TYPES)) {
            return Kind.IDENTITY;
        }
        if (isA(type, TARGET_TYPES)) {
            return Kind.TARGET;
        }
        return isA(type, HEADER_TYPES) ? Kind.HEADERS : null;
    }

    /** The header a {@code @HeaderParam} (or, as {@code Cookie}, a {@code @CookieParam}) parameter reads, or null. */
    static String header(Parameter annotated) {
        Annotation header = annotation(annotated, "jakarta.ws.rs.HeaderParam");
        if (header != null) {
            return value(header);
        }
        return annotation(annotated, "jakarta.ws.rs.CookieParam") != null ? "Cookie" : null;
    }

    /**
     * The request inputs injected into {@code beanClass}'s fields, setters, constructors and
     * initializer methods by JAX-RS ({@code @PathParam}, {@code @HeaderParam}, {@code @Context},
     * {@code @BeanParam}, ...) or by CDI ({@code @Inject HttpServletRequest},
     * {@code Instance<HttpHeaders>}, {@code Provider<HttpServletRequest>}, ...), in its whole class
     * hierarchy.
     */
    static List<Injected> injected(Class<?> beanClass) {
        List<Injected> found = new ArrayList<>();
        collect(beanClass, "", found, new HashSet<>(), 0);
        return found;
    }

    private static void collect(Class<?> beanClass, String path, List<Injected> found, Set<Class<?>> seen, int depth) {
        if (depth > 8 || !seen.add(beanClass)) {
            return;
        }
        for (Constructor<?> constructor : beanClass.getDeclaredConstructors()) {
            // CDI's @Inject constructor, or the one JAX-RS fills from annotated parameters
            boolean injected = annotation(constructor, INJECT) != null;
            parameters(constructor, injected, path + "constructor of " + beanClass.getName(), found, seen, depth);
        }
        for (Class<?> type = beanClass; type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    member(field, field.getType(), field.getGenericType(), false,
                            path + "field '" + field.getName() + "' of " + type.getName(), found, seen, depth);
                }
            }
            for (Method method : type.getDeclaredMethods()) {
                if (Modifier.isStatic(method.getModifiers())) {
                    continue;
                }
                if (method.getParameterCount() == 1) {
                    member(method, method.getParameterTypes()[0], method.getGenericParameterTypes()[0], false,
                            path + "setter '" + method.getName() + "' of " + type.getName(), found, seen, depth);
                }
                if (annotation(method, INJECT) != null && method.getParameterCount() > 1) {
                    parameters(method, true, path + "initializer '" + method.getName() + "' of " + type.getName(),
                            found, seen, depth);
                }
            }
        }
    }

    /** Each parameter of a constructor or initializer: injected by CDI ({@code cdi}), or by its JAX-RS annotation. */
    private static void parameters(Executable executable, boolean cdi, String description, List<Injected> found,
                                   Set<Class<?>> seen, int depth) {
        Parameter[] parameters = executable.getParameters();
        java.lang.reflect.Type[] generic = executable.getGenericParameterTypes();
        for (int i = 0; i < parameters.length; i++) {
            // an inner class's constructor has its outer instance first, not in the generic types
            java.lang.reflect.Type type = generic.length == parameters.length ? generic[i] : parameters[i].getType();
            member(parameters[i], parameters[i].getType(), type, cdi, "parameter " + (i + 1) + " ("
                    + parameters[i].getType().getSimpleName() + ") of " + description, found, seen, depth);
        }
    }

    private static void member(AnnotatedElement element, Class<?> rawType, java.lang.reflect.Type genericType,
                               boolean cdi, String description, List<Injected> found, Set<Class<?>> seen, int depth) {
        Class<?> type = looked(rawType, genericType);
        if (cdi && annotation(element, INJECT) == null) {
            Kind kind = context(type, false);
            if (kind != null) {
                found.add(new Injected(description + " (@Inject " + type.getSimpleName() + ")", kind, null));
            }
        }
        for (Annotation annotation : element.getAnnotations()) {
            String name = annotation.annotationType().getName();
            switch (name) {
                case "jakarta.ws.rs.PathParam", "jakarta.ws.rs.QueryParam", "jakarta.ws.rs.MatrixParam",
                        "jakarta.ws.rs.FormParam" ->
                        found.add(new Injected(description + " (@" + simple(name) + ")", Kind.TARGET, null));
                case "jakarta.ws.rs.HeaderParam" -> found.add(new Injected(description + " (@HeaderParam(\""
                        + value(annotation) + "\"))", Kind.HEADERS, value(annotation)));
                case "jakarta.ws.rs.CookieParam" -> found.add(new Injected(description + " (@CookieParam(\""
                        + value(annotation) + "\"))", Kind.HEADERS, "Cookie"));
                case "jakarta.ws.rs.BeanParam" -> collect(type, description + " (@BeanParam) -> ", found, seen, depth + 1);
                case "jakarta.ws.rs.core.Context", "jakarta.inject.Inject" -> {
                    Kind kind = context(type, name.endsWith("Context"));
                    if (kind != null) {
                        found.add(new Injected(description + " (@" + simple(name) + " " + type.getSimpleName() + ")",
                                kind, null));
                    }
                }
                default -> {
                    // not request data
                }
            }
        }
    }

    /**
     * What an injection point hands over: for {@code Instance<T>} and {@code Provider<T>}, the
     * {@code T} it looks up; a lookup of no known type ({@code Instance<Object>}, a wildcard) stays
     * the lookup, plumbing.
     */
    static Class<?> looked(Class<?> type, java.lang.reflect.Type generic) {
        if (LOOKUPS.contains(type.getName()) && generic instanceof java.lang.reflect.ParameterizedType parameterized) {
            java.lang.reflect.Type argument = parameterized.getActualTypeArguments()[0];
            if (argument instanceof java.lang.reflect.ParameterizedType nested) {
                argument = nested.getRawType();
            }
            if (argument instanceof Class<?> looked && looked != Object.class) {
                return looked;
            }
        }
        return type;
    }

    /** The kind of an injected context; {@code null} for what is no request data (an application bean). */
    private static Kind context(Class<?> type, boolean jaxRsContext) {
        Kind kind = kindOf(type);
        if (kind == Kind.INFRASTRUCTURE) {
            return null;
        }
        // an unknown JAX-RS context may carry anything of the request
        return kind == null && jaxRsContext ? Kind.HEADERS : kind;
    }

    private static String value(Annotation annotation) {
        try {
            return String.valueOf(annotation.annotationType().getMethod("value").invoke(annotation));
        } catch (ReflectiveOperationException e) {
            return "?";
        }
    }

    private static String simple(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static Annotation annotation(AnnotatedElement element, String type) {
        for (Annotation annotation : element.getAnnotations()) {
            if (annotation.annotationType().getName().equals(type)) {
                return annotation;
            }
        }
        return null;
    }

    /** Whether {@code type} is, extends or implements one of the named types. */
    static boolean isA(Class<?> type, Set<String> names) {
        if (type == null || type == Object.class) {
            return false;
        }
        if (names.contains(type.getName())) {
            return true;
        }
        for (Class<?> implemented : type.getInterfaces()) {
            if (isA(implemented, names)) {
                return true;
            }
        }
        return isA(type.getSuperclass(), names);
    }
}
