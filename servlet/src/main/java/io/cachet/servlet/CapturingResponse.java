package io.cachet.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Holds the body back (headers and status go through, uncommitted) so it can be stored first. A
 * body that outgrows {@code limit} stops being held: what was held is sent, the rest streams
 * through, and the response is not stored.
 */
final class CapturingResponse extends HttpServletResponseWrapper {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
    private final long limit;
    private final ServletOutputStream capture = new ServletOutputStream() {
        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new UnsupportedOperationException("whole-response caching captures synchronously");
        }

        @Override
        public void write(int b) throws IOException {
            append(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            append(b, off, len);
        }
    };
    private boolean streamUsed;
    private PrintWriter writer;
    private volatile boolean overflowed;
    private boolean cookies;
    /** The application answered with {@code sendError} or {@code sendRedirect}: the container writes that answer. */
    private boolean containerAnswers;
    /** The length the application (or the container's HEAD handling) declared, or -1. */
    private long declaredLength = -1;

    CapturingResponse(HttpServletResponse response, long limit) {
        super(response);
        this.limit = limit;
    }

    private synchronized void append(byte[] bytes, int offset, int length) throws IOException {
        if (!overflowed && body.size() + (long) length > limit) {
            overflowed = true;
            body.writeTo(getResponse().getOutputStream());
            body.reset();
        }
        if (overflowed) {
            getResponse().getOutputStream().write(bytes, offset, length);
        } else {
            body.write(bytes, offset, length);
        }
    }

    @Override
    public synchronized ServletOutputStream getOutputStream() throws IOException {
        if (writer != null) {
            throw new IllegalStateException("getWriter() was called already");
        }
        if (overflowed && !streamUsed) {
            return getResponse().getOutputStream();
        }
        streamUsed = true;
        return capture;
    }

    @Override
    public synchronized PrintWriter getWriter() throws IOException {
        if (streamUsed) {
            throw new IllegalStateException("getOutputStream() was called already");
        }
        if (writer == null) {
            if (overflowed) {
                return getResponse().getWriter(); // no longer held: the container's own writer
            }
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            writer = new PrintWriter(new OutputStreamWriter(capture, charset)) {
                // Once the body streams through, nothing may wait in this writer's buffer: an
                // asynchronous request completes without flushing it.
                @Override
                public void write(int c) {
                    super.write(c);
                    flushIfStreaming();
                }

                @Override
                public void write(char[] buffer, int offset, int length) {
                    super.write(buffer, offset, length);
                    flushIfStreaming();
                }

                @Override
                public void write(String text, int offset, int length) {
                    super.write(text, offset, length);
                    flushIfStreaming();
                }

                private void flushIfStreaming() {
                    if (overflowed) {
                        flush();
                    }
                }
            };
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        if (overflowed) {
            super.flushBuffer();
        }
    }

    @Override
    public void setContentLength(int length) {
        declaredLength = length; // sent when the captured body is written
    }

    @Override
    public void setContentLengthLong(long length) {
        declaredLength = length; // sent when the captured body is written
    }

    @Override
    public void sendError(int status) throws IOException {
        containerAnswers = true;
        super.sendError(status);
    }

    @Override
    public void sendError(int status, String message) throws IOException {
        containerAnswers = true;
        super.sendError(status, message);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        containerAnswers = true;
        super.sendRedirect(location);
    }

    /**
     * Whether the application handed the answer to the container ({@code sendError}, as the default
     * servlet's 404 does, or {@code sendRedirect}): nothing may be written or stored after it.
     */
    boolean containerAnswers() {
        return containerAnswers;
    }

    /** The body length the application declared ({@code HttpServlet}'s HEAD handling counts it), or -1. */
    long declaredLength() {
        return declaredLength;
    }

    @Override
    public void resetBuffer() {
        body.reset();
    }

    @Override
    public void reset() {
        super.reset();
        body.reset();
    }

    @Override
    public void addCookie(Cookie cookie) {
        cookies = true;
        super.addCookie(cookie);
    }

    /** Whether the application set a cookie (containers may keep them out of the headers until commit). */
    boolean setsCookies() {
        return cookies;
    }

    /**
     * Stops holding the body: what was held is sent and the rest streams through (a request that
     * went asynchronous writes its body later, from another thread; it is never stored).
     */
    synchronized void streamThrough() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        if (!overflowed) {
            overflowed = true;
            if (body.size() > 0) {
                // only then: an asynchronous writer may be about to ask the container for its writer
                body.writeTo(getResponse().getOutputStream());
                body.reset();
            }
        }
    }

    /** Whether the body was too large to hold (it has been sent already, and must not be stored). */
    boolean overflowed() {
        if (writer != null) {
            writer.flush();
        }
        return overflowed;
    }

    byte[] body() {
        if (writer != null) {
            writer.flush();
        }
        return body.toByteArray();
    }
}
