package io.cachet.servlet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Entity tags per RFC 9110 §8.8.3: strong, quoted, derived from the stored bytes with SHA-256, so
 * every node and every restart gives the same tag for the same representation; and
 * {@code If-None-Match} evaluation per §13.1.2 (a list of tags or {@code *}, weak comparison).
 */
public final class EntityTags {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private EntityTags() {
    }

    /** The strong tag of these bytes: {@code "<base64url SHA-256, 43 characters>"}. */
    public static String of(byte[] bytes, int offset, int length) {
        MessageDigest digest = SHA256.get();
        digest.update(bytes, offset, length);
        return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest()) + '"';
    }

    /** SHA-256 of text, in base64url: for key material (users, header values, bodies). */
    static String digest(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        MessageDigest digest = SHA256.get();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest(bytes));
    }

    static String digest(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(SHA256.get().digest(bytes));
    }

    /**
     * Whether {@code If-None-Match} header values match {@code etag} (a current representation
     * exists): {@code *}, or any listed tag equal under weak comparison. Malformed members are
     * ignored.
     */
    public static boolean noneMatchFails(List<String> headerValues, String etag) {
        String opaque = opaque(etag);
        for (String value : headerValues) {
            if (value.trim().equals("*")) {
                return true;
            }
            for (String tag : parseList(value)) {
                if (opaque(tag).equals(opaque)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The quoted part of a tag, without {@code W/}. */
    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    /** Parses {@code #entity-tag}: tags are quoted and may contain commas. */
    static List<String> parseList(String value) {
        List<String> tags = new ArrayList<>();
        int i = 0;
        int n = value.length();
        while (i < n) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            int start = i;
            if (value.startsWith("W/", i)) {
                i += 2;
            }
            if (i < n && value.charAt(i) == '"') {
                int close = value.indexOf('"', i + 1);
                if (close < 0) {
                    return tags; // unterminated: nothing more to trust
                }
                tags.add(value.substring(start, close + 1));
                i = close + 1;
            } else {
                while (i < n && value.charAt(i) != ',') {
                    i++; // not a tag: skip the member
                }
            }
        }
        return tags;
    }
}
