package io.cachet.internal;

import java.lang.reflect.Parameter;
import java.util.Arrays;

/** How errors name a method's parameter. */
public final class Parameters {

    private Parameters() {
    }

    /**
     * {@code parameter 'name' (Type)}, or {@code parameter 2 (Type)} where the class file keeps no
     * parameter names (compiled without {@code -parameters}).
     */
    public static String describe(Parameter parameter) {
        String type = parameter.getParameterizedType().getTypeName().replaceAll("(?:[\\w$]+\\.)+", "");
        if (parameter.isNamePresent()) {
            return "parameter '" + parameter.getName() + "' (" + type + ")";
        }
        int position = Arrays.asList(parameter.getDeclaringExecutable().getParameters()).indexOf(parameter);
        return "parameter " + (position + 1) + " (" + type + ")";
    }
}
