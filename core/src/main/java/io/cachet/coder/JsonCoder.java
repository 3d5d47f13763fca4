package io.cachet.coder;

import io.cachet.CacheException;
import io.cachet.Coder;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The default coder: JSON through Jakarta JSON-B, decoding to the method's generic return type
 * ({@code List<Item>} comes back as a list of {@code Item}, not of maps).
 */
public final class JsonCoder implements Coder {
    private final Jsonb jsonb;

    /** Uses the JSON-B implementation the server provides (Yasson on WildFly and Payara). */
    public JsonCoder() {
        this(JsonbBuilder.create());
    }

    /** Uses a configured {@link Jsonb}, for custom adapters or naming strategies. */
    public JsonCoder(Jsonb jsonb) {
        this.jsonb = Objects.requireNonNull(jsonb, "jsonb");
    }

    @Override
    public byte[] encode(Object value, Type type) {
        try {
            // Through a String: the stream variants allocate an 8 KB decoder buffer per call.
            return jsonb.toJson(value, type).getBytes(StandardCharsets.UTF_8);
        } catch (JsonbException | IllegalArgumentException e) {
            throw new CacheException("cannot encode a value of type " + type.getTypeName() + " as JSON", e);
        }
    }

    @Override
    public Object decode(byte[] bytes, int offset, int length, Type type) {
        try {
            return jsonb.fromJson(new String(bytes, offset, length, StandardCharsets.UTF_8), type);
        } catch (JsonbException | IllegalArgumentException | ClassCastException e) {
            throw new CacheException("cannot decode JSON as " + type.getTypeName(), e);
        }
    }

    @Override
    public String toString() {
        return "JsonCoder";
    }
}
