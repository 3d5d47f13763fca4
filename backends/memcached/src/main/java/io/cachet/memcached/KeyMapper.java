package io.cachet.memcached;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Maps Cachet keys to keys memcached can hold (at most 250 bytes, printable ASCII, no spaces)
 * without collisions: a key that is already safe is kept readable behind a {@code k}, any other
 * is replaced by {@code h} + the base64url SHA-256 of its UTF-8 bytes. The first character
 * keeps the two forms apart, so only a SHA-256 collision could make two keys meet.
 */
final class KeyMapper {
    static final int MAX_KEY_BYTES = 250;
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private KeyMapper() {
    }

    /** The memcached key for {@code logical} with tag {@code safeTag} or {@code hashedTag}. */
    static String map(char safeTag, char hashedTag, String logical) {
        if (logical.length() < MAX_KEY_BYTES && isSafe(logical)) {
            return safeTag + logical;
        }
        byte[] digest = SHA256.get().digest(logical.getBytes(StandardCharsets.UTF_8));
        return hashedTag + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private static boolean isSafe(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
        }
        return true;
    }
}
