package io.cachet.servlet;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Captures the body a {@code MessageBodyWriter} writes for a {@code @Cached} miss the final
 * response allows storing, stores it with its status and headers, and sends it (or 304 when the
 * client already has that representation). Registered by {@link CachetFeature}.
 */
public class RepresentationCapture implements WriterInterceptor {
    static final String EXCHANGE = ServletExchange.class.getName();

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException, WebApplicationException {
        ServletExchange.Capture capture = context.getProperty(EXCHANGE) instanceof ServletExchange exchange
                ? exchange.takeCapture() : null;
        if (capture == null) {
            context.proceed();
            return;
        }
        OutputStream original = context.getOutputStream();
        Held held = new Held(original, capture);
        context.setOutputStream(held);
        try {
            context.proceed();
        } catch (IOException | RuntimeException | Error e) {
            capture.drop();
            throw e;
        } finally {
            context.setOutputStream(original);
        }
        if (held.overflowed) {
            return; // too large to store: given up when it overflowed, and streamed through
        }
        byte[] body = held.bytes.toByteArray();
        String type = context.getMediaType() == null ? null : context.getMediaType().toString();
        if (capture.keep(context.getHeaders(), type, body)) {
            return; // 304: the client has these bytes already
        }
        original.write(body);
    }

    /**
     * Holds the body up to the store's limit; past it, gives the capture up at once (waiting
     * callers of the key then compute for themselves), sends what it held and streams the rest.
     */
    private static final class Held extends OutputStream {
        private final OutputStream target;
        private final ServletExchange.Capture capture;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        private boolean overflowed;

        Held(OutputStream target, ServletExchange.Capture capture) {
            this.target = target;
            this.capture = capture;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (!overflowed && bytes.size() + (long) len > capture.limit()) {
                overflowed = true;
                capture.drop();
                bytes.writeTo(target);
                bytes.reset();
            }
            if (overflowed) {
                target.write(b, off, len);
            } else {
                bytes.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            if (overflowed) {
                target.flush();
            }
        }
    }
}
