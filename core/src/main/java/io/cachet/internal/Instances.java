package io.cachet.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/** Creates coders and key builders that are not CDI beans, through a public no-argument constructor. */
final class Instances {
    private Instances() {
    }

    static Object reflective(Class<?> type) {
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException("it is abstract");
        }
        try {
            Constructor<?> constructor = type.getConstructor();
            return constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("it is not a CDI bean and has no public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("its constructor threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(e.toString(), e);
        }
    }
}
