package io.cachet.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * How a Cachet key {@code {prefix}:{namespace}:{id}} maps onto the table's items (the schema is on
 * {@link DynamoDbBackend}): the namespace is the partition key, the id the sort key, each hashed
 * when it is over DynamoDB's limit.
 */
final class DynamoDbKeys {
    static final String PK = "pk";
    static final String SK = "sk";
    static final String ID = "id";
    static final String VALUE = "v";
    static final String VERSION = "ver";
    static final String EXPIRES_MS = "expms";
    static final String TTL = "ttl";
    static final int MAX_SORT_KEY_BYTES = 1024;
    static final int MAX_PARTITION_KEY_BYTES = 2048;

    private DynamoDbKeys() {
    }

    static String partitionKey(String key) {
        int first = key.indexOf(':');
        int second = first < 0 ? -1 : key.indexOf(':', first + 1);
        if (second < 0) {
            throw new IllegalArgumentException("key must be {prefix}:{namespace}:{id}, but was '" + key + "'");
        }
        String namespace = key.substring(0, second + 1);
        return utf8Length(namespace) <= MAX_PARTITION_KEY_BYTES ? namespace : "#" + sha256(namespace);
    }

    static String sortKey(String id) {
        return utf8Length(id) < MAX_SORT_KEY_BYTES ? "k" + id : "h" + sha256(id);
    }

    static String idOf(String key) {
        return key.substring(key.indexOf(':', key.indexOf(':') + 1) + 1);
    }

    static Map<String, AttributeValue> keyOf(String key) {
        return Map.of(PK, s(partitionKey(key)), SK, s(sortKey(idOf(key))));
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
