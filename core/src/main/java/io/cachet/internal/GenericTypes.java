package io.cachet.internal;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves a method's generic types against the bean class that inherits it: {@code List<T>}
 * declared on {@code Facade<T>} is {@code List<User>} on {@code UserFacade extends Facade<User>}.
 * A variable the class hierarchy does not bind stays as it is.
 */
final class GenericTypes {
    private GenericTypes() {
    }

    /** {@code type} as seen from {@code beanClass}. */
    static Type resolve(Type type, Class<?> beanClass) {
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        bind(beanClass, bindings, 0);
        return bindings.isEmpty() ? type : substitute(type, bindings, 0);
    }

    private static void bind(Type type, Map<TypeVariable<?>, Type> bindings, int depth) {
        if (type == null || depth > 32) {
            return;
        }
        Class<?> raw;
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            raw = c;
            TypeVariable<?>[] variables = c.getTypeParameters();
            Type[] arguments = p.getActualTypeArguments();
            for (int i = 0; i < variables.length && i < arguments.length; i++) {
                bindings.putIfAbsent(variables[i], substitute(arguments[i], bindings, 0));
            }
        } else if (type instanceof Class<?> c) {
            raw = c;
        } else {
            return;
        }
        bind(raw.getGenericSuperclass(), bindings, depth + 1);
        for (Type implemented : raw.getGenericInterfaces()) {
            bind(implemented, bindings, depth + 1);
        }
    }

    private static Type substitute(Type type, Map<TypeVariable<?>, Type> bindings, int depth) {
        if (depth > 32) {
            return type;
        }
        if (type instanceof TypeVariable<?> variable) {
            Type bound = bindings.get(variable);
            return bound == null || bound.equals(variable) ? type : substitute(bound, bindings, depth + 1);
        }
        if (type instanceof ParameterizedType p) {
            Type[] arguments = p.getActualTypeArguments().clone();
            boolean changed = false;
            for (int i = 0; i < arguments.length; i++) {
                Type resolved = substitute(arguments[i], bindings, depth + 1);
                changed |= resolved != arguments[i];
                arguments[i] = resolved;
            }
            Type owner = p.getOwnerType() == null ? null : substitute(p.getOwnerType(), bindings, depth + 1);
            return changed || owner != p.getOwnerType() ? new Parameterized(p.getRawType(), owner, arguments) : type;
        }
        if (type instanceof GenericArrayType array) {
            Type component = substitute(array.getGenericComponentType(), bindings, depth + 1);
            if (component == array.getGenericComponentType()) {
                return type;
            }
            return component instanceof Class<?> c ? c.arrayType() : new GenericArray(component);
        }
        if (type instanceof WildcardType wildcard) {
            Type[] upper = substituteAll(wildcard.getUpperBounds(), bindings, depth);
            Type[] lower = substituteAll(wildcard.getLowerBounds(), bindings, depth);
            return upper == wildcard.getUpperBounds() && lower == wildcard.getLowerBounds() ? type
                    : new Wildcard(upper, lower);
        }
        return type;
    }

    private static Type[] substituteAll(Type[] types, Map<TypeVariable<?>, Type> bindings, int depth) {
        Type[] result = types;
        for (int i = 0; i < types.length; i++) {
            Type resolved = substitute(types[i], bindings, depth + 1);
            if (resolved != types[i]) {
                result = result == types ? types.clone() : result;
                result[i] = resolved;
            }
        }
        return result;
    }

    /** Equal to the JDK's own {@link ParameterizedType} of the same parts (the same contract). */
    private record Parameterized(Type rawType, Type ownerType, Type[] arguments) implements ParameterizedType {
        @Override
        public Type[] getActualTypeArguments() {
            return arguments.clone();
        }

        @Override
        public Type getRawType() {
            return rawType;
        }

        @Override
        public Type getOwnerType() {
            return ownerType;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ParameterizedType p && rawType.equals(p.getRawType())
                    && Objects.equals(ownerType, p.getOwnerType()) && Arrays.equals(arguments, p.getActualTypeArguments());
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(arguments) ^ Objects.hashCode(ownerType) ^ rawType.hashCode();
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(rawType.getTypeName()).append('<');
            for (int i = 0; i < arguments.length; i++) {
                text.append(i == 0 ? "" : ", ").append(arguments[i].getTypeName());
            }
            return text.append('>').toString();
        }
    }

    private record GenericArray(Type component) implements GenericArrayType {
        @Override
        public Type getGenericComponentType() {
            return component;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof GenericArrayType g && component.equals(g.getGenericComponentType());
        }

        @Override
        public int hashCode() {
            return component.hashCode();
        }

        @Override
        public String toString() {
            return component.getTypeName() + "[]";
        }
    }

    private record Wildcard(Type[] upper, Type[] lower) implements WildcardType {
        @Override
        public Type[] getUpperBounds() {
            return upper.clone();
        }

        @Override
        public Type[] getLowerBounds() {
            return lower.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof WildcardType w && Arrays.equals(upper, w.getUpperBounds())
                    && Arrays.equals(lower, w.getLowerBounds());
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(upper) ^ Arrays.hashCode(lower);
        }

        @Override
        public String toString() {
            return lower.length > 0 ? "? super " + lower[0].getTypeName()
                    : upper.length == 0 || upper[0] == Object.class ? "?" : "? extends " + upper[0].getTypeName();
        }
    }
}
