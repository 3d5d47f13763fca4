package io.cachet;

import io.cachet.internal.Parameters;

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

    /** Renderings up to this length are remembered with their digest. */
    private static final int MEMO_MAX_RENDERING = 256;
    private static final int MEMO_SLOTS = 1024;

    private final Map<Method, String> identities = new ConcurrentHashMap<>();
    /** Identities of methods inherited by a bean class that does not declare them. */
    private final Map<Class<?>, Map<Method, String>> inherited = new ConcurrentHashMap<>();
    /**
     * A small direct-mapped memo of recent renderings and their digests: hashing a short string
     * costs far less than SHA-256. Slots hold immutable pairs, so racy reads are safe.
     */
    private final Memo[] memo = new Memo[MEMO_SLOTS];

    @Override
    public String build(Method method, Object[] keyArguments) {
        return build(method.getDeclaringClass(), method, keyArguments);
    }

    /** Renders the bean class in place of the declaring class, so subclasses never share an entry. */
    @Override
    public String build(Class<?> beanClass, Method method, Object[] keyArguments) {
        String identity = beanClass == method.getDeclaringClass()
                ? identities.computeIfAbsent(method, m -> identity(m.getDeclaringClass(), m))
                : inherited.computeIfAbsent(beanClass, c -> new ConcurrentHashMap<>())
                        .computeIfAbsent(method, m -> identity(beanClass, m));
        StringBuilder rendering = new StringBuilder(96);
        rendering.append(identity);
        for (Object argument : keyArguments) {
            rendering.append('|');
            KeyRendering.render(argument, rendering);
        }
        String text = rendering.toString();
        if (text.length() > MEMO_MAX_RENDERING) {
            return digest(text);
        }
        int slot = (text.hashCode() * 0x9E3779B9 >>> 22) & (MEMO_SLOTS - 1);
        Memo remembered = memo[slot];
        if (remembered != null && remembered.rendering.equals(text)) {
            return remembered.digest;
        }
        String digest = digest(text);
        memo[slot] = new Memo(text, digest);
        return digest;
    }

    /**
     * UTF-8 turns an unpaired surrogate into {@code ?}, so such a rendering is digested as UTF-16
     * code unit by code unit behind a byte UTF-8 never produces: {@code "\uD800"} and {@code "?"} never share a key, and
     * every well-formed rendering keeps the key it always had.
     */
    private static String digest(String rendering) {
        MessageDigest sha256 = SHA256.get();
        if (hasUnpairedSurrogate(rendering)) {
            // by code unit: every charset encoder, UTF-16 too, would replace the lone surrogate
            byte[] units = new byte[1 + 2 * rendering.length()];
            units[0] = (byte) 0xFF;
            for (int i = 0; i < rendering.length(); i++) {
                char c = rendering.charAt(i);
                units[1 + 2 * i] = (byte) (c >>> 8);
                units[2 + 2 * i] = (byte) c;
            }
            return HEX.formatHex(sha256.digest(units));
        }
        return HEX.formatHex(sha256.digest(rendering.getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private record Memo(String rendering, String digest) {
    }

    @Override
    public void validate(Method method, List<Parameter> keyParameters) {
        for (Parameter parameter : keyParameters) {
            String problem = KeyRendering.problemWith(parameter.getParameterizedType());
            if (problem != null) {
                throw new IllegalArgumentException(Parameters.describe(parameter) + " of type "
                        + parameter.getParameterizedType().getTypeName() + " " + problem
                        + "; mark the parameters that identify the result with @CacheKey,"
                        + " or give the method a keyBuilder");
            }
        }
    }

    /** The method's stable identity: bean class, name and erased parameter types. */
    static String identity(Class<?> beanClass, Method method) {
        StringBuilder id = new StringBuilder(beanClass.getName()).append('#')
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
