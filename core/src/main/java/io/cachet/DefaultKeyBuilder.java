package io.cachet;

import io.cachet.internal.KeyRendering;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default key builder: the SHA-256, in hex, of a canonical rendering of the method and its key
 * arguments. The rules are listed on {@link Cached}. SHA-256 rather than a short hash so that no
 * argument an attacker chooses can collide into another entry.
 */
public final class DefaultKeyBuilder implements KeyBuilder {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(DefaultKeyBuilder::sha256);
    private static final HexFormat HEX = HexFormat.of();

    private final Map<Method, String> identities = new ConcurrentHashMap<>();

    @Override
    public String build(Method method, Object[] keyArguments) {
        StringBuilder rendering = new StringBuilder(96);
        rendering.append(identities.computeIfAbsent(method, DefaultKeyBuilder::identity));
        for (Object argument : keyArguments) {
            rendering.append('|');
            KeyRendering.render(argument, rendering);
        }
        byte[] digest = SHA256.get().digest(rendering.toString().getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(digest);
    }

    @Override
    public void validate(Method method, List<Parameter> keyParameters) {
        for (Parameter parameter : keyParameters) {
            String problem = KeyRendering.problemWith(parameter.getParameterizedType());
            if (problem != null) {
                throw new IllegalArgumentException("parameter '" + parameter.getName() + "' of type "
                        + parameter.getParameterizedType().getTypeName() + " " + problem
                        + "; mark the parameters that identify the result with @CacheKey,"
                        + " or give the method a keyBuilder");
            }
        }
    }

    /** The method's stable identity: declaring class, name and erased parameter types. */
    static String identity(Method method) {
        StringBuilder id = new StringBuilder(method.getDeclaringClass().getName()).append('#')
                .append(method.getName()).append('(');
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            id.append(i == 0 ? "" : ",").append(types[i].getTypeName());
        }
        return id.append(')').toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "DefaultKeyBuilder";
    }
}
