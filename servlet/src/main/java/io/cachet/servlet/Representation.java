package io.cachet.servlet;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A resource method's response as the JAX-RS writer produced it: status, {@code Content-Type},
 * the headers of the method's own {@code Response}, the body bytes, and their strong entity tag,
 * computed once when stored. A hit answers it without decoding anything or running a
 * {@code MessageBodyWriter} for the entity type.
 */
final class Representation {
    /** {@code 'R'}, format 1: tells a representation from any other payload. */
    private static final int MAGIC = 0x5201;
    /** Parsed media types by {@code Content-Type} value: a hit does not parse its type again. */
    private static final java.util.Map<String, MediaType> TYPES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_TYPES = 256;
    /**
     * The last representation parsed, with the bytes it came from: a local store hands the same
     * array back on every hit of an entry, which then is parsed once. Arrays from a store are
     * never written to.
     */
    private static volatile Parsed last;

    private record Parsed(byte[] bytes, int offset, int length, Representation representation) {
    }

    final int status;
    /** The {@code Content-Type} the writer used, or {@code null} (no entity). */
    final String contentType;
    final List<String[]> headers;
    final String etag;
    final byte[] body;

    private Representation(int status, String contentType, List<String[]> headers, String etag, byte[] body) {
        this.status = status;
        this.contentType = contentType;
        this.headers = headers;
        this.etag = etag;
        this.body = body;
    }

    /** The stored form; {@code etag} is {@link EntityTags#of} of {@code body}. */
    static byte[] encode(int status, String contentType, List<String[]> headers, String etag, byte[] body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length + 128);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeShort(MAGIC);
            out.writeShort(status);
            out.writeUTF(contentType == null ? "" : contentType);
            out.writeUTF(etag);
            out.writeShort(headers.size());
            for (String[] header : headers) {
                out.writeUTF(header[0]);
                out.writeUTF(header[1]);
            }
            out.writeInt(body.length);
            out.write(body);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
    }

    /** The representation stored in these bytes, or {@code null} when they hold none. */
    static Representation parse(byte[] bytes, int offset, int length) {
        Parsed remembered = last;
        if (remembered != null && remembered.bytes == bytes && remembered.offset == offset
                && remembered.length == length) {
            return remembered.representation;
        }
        Representation parsed = read(bytes, offset, length);
        if (parsed != null) {
            last = new Parsed(bytes, offset, length, parsed);
        }
        return parsed;
    }

    private static Representation read(byte[] bytes, int offset, int length) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, offset, length))) {
            if (length < 2 || in.readUnsignedShort() != MAGIC) {
                return null;
            }
            int status = in.readUnsignedShort();
            String contentType = in.readUTF();
            String etag = in.readUTF();
            int count = in.readUnsignedShort();
            List<String[]> headers = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                headers.add(new String[] {in.readUTF(), in.readUTF()});
            }
            int size = in.readInt();
            int start = offset + length - in.available();
            if (size < 0 || size != in.available() || status < 100 || status > 999) {
                return null;
            }
            return new Representation(status, contentType.isEmpty() ? null : contentType, headers, etag,
                    Arrays.copyOfRange(bytes, start, start + size));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The stored response, its body written as the bytes it is. */
    Response response() {
        Response.ResponseBuilder response = Response.status(status);
        for (String[] header : headers) {
            response.header(header[0], header[1]);
        }
        if (body.length > 0 || contentType != null) {
            response.entity(body);
            if (contentType != null) {
                response.type(mediaType(contentType));
            }
        }
        return response.build();
    }

    private static MediaType mediaType(String contentType) {
        MediaType type = TYPES.get(contentType);
        if (type == null) {
            type = MediaType.valueOf(contentType);
            if (TYPES.size() < MAX_TYPES) {
                TYPES.put(contentType, type);
            }
        }
        return type;
    }
}
