package io.cachet.servlet;

import io.cachet.CacheException;
import io.cachet.Coder;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Caches a JAX-RS {@link Response}: its status, the headers that describe the representation,
 * and the entity as bytes (a {@code String} or {@code byte[]} as is, anything else as JSON), so a
 * hit needs no entity class. Only 2xx responses without {@code Set-Cookie} are cacheable.
 */
final class ResponseCoder implements Coder {
    private static final byte FORMAT = 1;
    /**
     * Headers not stored: per-exchange, hop-by-hop, or set by Cachet itself. The application's
     * {@code Cache-Control} and {@code Vary} are kept, so a hit answers them as the miss did.
     */
    private static final Set<String> SKIPPED = Set.of("set-cookie", "date", "etag", "connection",
            "transfer-encoding", "content-length", "keep-alive");
    private volatile Jsonb jsonb;

    /**
     * 2xx, no cookie, no {@code private}/{@code no-store} from the application, and an entity
     * that can be stored as what it is: text, bytes, or an object the response sends as JSON.
     */
    @Override
    public boolean isCacheable(Object value) {
        if (!(value instanceof Response response)) {
            return value == null;
        }
        String cacheControl = String.valueOf(response.getHeaderString("Cache-Control")).toLowerCase(Locale.ROOT);
        if (response.getStatus() < 200 || response.getStatus() >= 300 || response.getHeaderString("Set-Cookie") != null
                || cacheControl.contains("private") || cacheControl.contains("no-store")) {
            return false;
        }
        Object entity = response.getEntity();
        if (entity == null || entity instanceof String || entity instanceof byte[]) {
            return true;
        }
        if (entity instanceof java.io.InputStream || entity instanceof java.io.File || entity instanceof java.nio.file.Path
                || entity instanceof jakarta.ws.rs.core.StreamingOutput || entity instanceof java.io.Reader) {
            return false;
        }
        MediaType type = response.getMediaType();
        return type == null || type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || type.getSubtype().endsWith("+json");
    }

    @Override
    public byte[] encode(Object value, Type type) {
        if (value == null) {
            return new byte[] {FORMAT, 0};
        }
        Response response = (Response) value;
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeByte(1);
            out.writeShort(response.getStatus());
            MultivaluedMap<String, String> headers = response.getStringHeaders();
            List<Map.Entry<String, List<String>>> kept = headers.entrySet().stream()
                    .filter(h -> !SKIPPED.contains(h.getKey().toLowerCase(Locale.ROOT))).toList();
            out.writeShort(kept.size());
            for (Map.Entry<String, List<String>> header : kept) {
                out.writeUTF(header.getKey());
                out.writeShort(header.getValue().size());
                for (String v : header.getValue()) {
                    out.writeUTF(v);
                }
            }
            Object entity = response.getEntity();
            byte[] body;
            if (entity == null) {
                out.writeByte('N');
                body = new byte[0];
            } else if (entity instanceof String text) {
                out.writeByte('S');
                body = text.getBytes(StandardCharsets.UTF_8);
            } else if (entity instanceof byte[] raw) {
                out.writeByte('B');
                body = raw;
            } else {
                out.writeByte('J');
                body = jsonb().toJson(entity).getBytes(StandardCharsets.UTF_8);
            }
            out.writeInt(body.length);
            out.write(body);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new CacheException("cannot encode a JAX-RS Response", e);
        }
    }

    @Override
    public Object decode(byte[] bytes, int offset, int length, Type type) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, offset, length))) {
            if (in.readByte() != FORMAT) {
                throw new CacheException("unknown cached Response format");
            }
            if (in.readByte() == 0) {
                return null;
            }
            Response.ResponseBuilder builder = Response.status(in.readUnsignedShort());
            int headers = in.readUnsignedShort();
            boolean typed = false;
            for (int i = 0; i < headers; i++) {
                String name = in.readUTF();
                int values = in.readUnsignedShort();
                for (int v = 0; v < values; v++) {
                    builder.header(name, in.readUTF());
                }
                typed |= name.equalsIgnoreCase("Content-Type");
            }
            char kind = (char) in.readByte();
            byte[] body = in.readNBytes(in.readInt());
            switch (kind) {
                case 'N' -> { }
                case 'S' -> builder.entity(new String(body, StandardCharsets.UTF_8));
                case 'B' -> builder.entity(body);
                case 'J' -> {
                    builder.entity(new String(body, StandardCharsets.UTF_8));
                    if (!typed) {
                        builder.type(MediaType.APPLICATION_JSON_TYPE);
                    }
                }
                default -> throw new CacheException("unknown cached entity kind " + kind);
            }
            return builder.build();
        } catch (IOException e) {
            throw new CacheException("cannot decode a cached JAX-RS Response", e);
        }
    }

    private Jsonb jsonb() {
        Jsonb current = jsonb;
        if (current == null) {
            current = JsonbBuilder.create();
            jsonb = current;
        }
        return current;
    }

    @Override
    public String toString() {
        return "ResponseCoder";
    }
}
