package io.cachet.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One {@code @Cached} tag ({@code "product:{id}"}): literal text and the arguments put between it,
 * checked at deployment and rendered per call.
 */
final class TagTemplate {
    /** One more than {@link #arguments}: the text before each argument, and after the last. */
    private final String[] literals;
    private final int[] arguments;

    private TagTemplate(String[] literals, int[] arguments) {
        this.literals = literals;
        this.arguments = arguments;
    }

    /**
     * Parses a tag of {@code method}; {@link IllegalArgumentException} names what is wrong: empty,
     * a forbidden character, an unclosed placeholder, a parameter that is not there or cannot be
     * rendered.
     */
    static TagTemplate parse(String template, Method method) {
        if (template.isEmpty()) {
            throw new IllegalArgumentException("tags has an empty tag");
        }
        List<String> literals = new ArrayList<>();
        List<Integer> arguments = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{') {
                int end = template.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException("tag '" + template + "' opens a placeholder it does not close");
                }
                arguments.add(parameter(template, template.substring(i + 1, end), method));
                literals.add(literal.toString());
                literal.setLength(0);
                i = end;
            } else if (c == '}' || c == ',' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException("tag '" + template + "' holds '" + c + "': a tag's text may not hold"
                        + " whitespace, ',', '{' or '}' outside a placeholder");
            } else {
                literal.append(c);
            }
        }
        literals.add(literal.toString());
        return new TagTemplate(literals.toArray(String[]::new), arguments.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int parameter(String template, String reference, Method method) {
        Parameter[] parameters = method.getParameters();
        int index = -1;
        if (!reference.isEmpty() && reference.chars().allMatch(Character::isDigit)) {
            index = reference.length() > 4 ? Integer.MAX_VALUE : Integer.parseInt(reference);
            if (index >= parameters.length) {
                throw new IllegalArgumentException("tag '" + template + "' uses argument {" + reference + "}, but the"
                        + " method takes " + parameters.length);
            }
        } else {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i].isNamePresent() && parameters[i].getName().equals(reference)) {
                    index = i;
                }
            }
            if (index < 0) {
                boolean compiledNames = parameters.length == 0 || parameters[0].isNamePresent();
                throw new IllegalArgumentException("tag '" + template + "' uses {" + reference + "}, which names no"
                        + " parameter" + (compiledNames ? "" : ": parameter names are not compiled in; compile with"
                        + " -parameters (maven-compiler-plugin <parameters>true</parameters>) or use its position, {0}"));
            }
        }
        Class<?> type = parameters[index].getType();
        if (!renderable(type)) {
            throw new IllegalArgumentException("tag '" + template + "' uses {" + reference + "}, a " + type.getName()
                    + ": a tag can hold a string, number, boolean, character, enum or UUID argument");
        }
        return index;
    }

    private static boolean renderable(Class<?> type) {
        return type.isPrimitive() || CharSequence.class.isAssignableFrom(type) || Number.class.isAssignableFrom(type)
                || type == Boolean.class || type == Character.class || type.isEnum() || type == UUID.class;
    }

    /** The positions of the parameters the tag uses. */
    int[] arguments() {
        return arguments.clone();
    }

    /** The tag for a call with these arguments. */
    String render(Object[] args) {
        if (arguments.length == 0) {
            return literals[0];
        }
        StringBuilder tag = new StringBuilder(literals[0]);
        for (int i = 0; i < arguments.length; i++) {
            Object argument = args[arguments[i]];
            tag.append(argument instanceof Enum<?> constant ? constant.name() : String.valueOf(argument))
                    .append(literals[i + 1]);
        }
        return tag.toString();
    }
}
