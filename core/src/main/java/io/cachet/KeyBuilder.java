package io.cachet;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;

/**
 * Builds the identifying part of a cache key from a method and its key arguments. Cachet always
 * stores under {@code {prefix}:{namespace}:{id}}, where {@code id} is what {@link #build}
 * returns, so clearing a namespace works with every key builder.
 *
 * <p>Implementations must be thread-safe and deterministic across JVMs. A key builder is created
 * once: as a CDI bean if it is one, else through its public no-argument constructor.
 */
public interface KeyBuilder {

    /**
     * Returns the key id for one call. {@code keyArguments} holds the arguments of the key
     * parameters only (see {@link Cached} for which those are), in declaration order.
     */
    String build(Method method, Object[] keyArguments);

    /**
     * Returns the key id for one call of {@code method} on an instance of {@code beanClass}. A method
     * inherited by several bean classes (a generic {@code Facade<T>}'s) must key each class apart:
     * this default appends the bean class's name to {@link #build(Method, Object[])} when it is not
     * the method's declaring class.
     */
    default String build(Class<?> beanClass, Method method, Object[] keyArguments) {
        String id = build(method, keyArguments);
        return beanClass == method.getDeclaringClass() ? id : id + "@" + beanClass.getName();
    }

    /**
     * Checked once per {@code @Cached} method at deployment: throw
     * {@link IllegalArgumentException} with a reason when this builder cannot key the method's
     * parameters; the deployment then fails naming the method.
     *
     * @param keyParameters the key parameters, in declaration order
     */
    default void validate(Method method, List<Parameter> keyParameters) {
    }
}
