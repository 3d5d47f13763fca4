package io.cachet.servlet;

import io.cachet.Cachet;
import io.cachet.spi.Envelope;
import io.cachet.spi.GuardedStore;
import io.cachet.spi.HttpExchange;
import io.cachet.spi.Properties;
import io.cachet.spi.Stores;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * HTTP caching for every {@code @Cached} JAX-RS resource method (and, by URL pattern, for whole
 * responses of plain servlets and static content): {@code ETag}, {@code Cache-Control},
 * {@code If-None-Match} → 304, the HIT/MISS header, and the request rules (methods,
 * {@code no-store}, {@code no-cache}, credentials, {@code Vary}). Registered for {@code /*} by
 * this jar's {@code web-fragment.xml}; settings from init parameters or {@code cachet.http.*}.
 */
public class CachetFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger("io.cachet.servlet");
    /** Response headers a whole-response entry does not keep. */
    private static final Set<String> UNSTORED = Set.of("set-cookie", "date", "etag", "cache-control", "connection",
            "transfer-encoding", "content-length", "keep-alive");

    /** Whole responses larger than this are streamed through, never held or stored. */
    static final long MAX_CAPTURED_BYTES = 16L * 1024 * 1024;

    private transient HttpCacheSettings settings;
    private transient volatile Cachet cachet;
    /** The running Cachet's stores, as its modules see them: resolved once with {@link #cachet}. */
    private transient volatile Stores stores;
    /** The CDI lookup failed once: it is not tried, nor warned about, on every request. */
    private transient volatile boolean noCachet;

    @Override
    public void init(FilterConfig config) throws ServletException {
        try {
            settings = producedSettings();
            if (settings == null) {
                settings = HttpCacheSettings.fromProperties(Properties.configured(config::getInitParameter).source());
            }
        } catch (IllegalArgumentException e) {
            throw new ServletException("Cachet: invalid HTTP cache settings: " + e.getMessage(), e);
        }
        try {
            CachetManagement.validate(Properties.configured(config.getServletContext()::getInitParameter));
        } catch (IllegalArgumentException e) {
            throw new ServletException("Cachet: " + e.getMessage(), e);
        }
    }

    public HttpCacheSettings settings() {
        return settings;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        String bodyDigest = null;
        boolean uncacheableBody = false;
        if (settings.methods().contains(method) && !method.equals("GET") && !method.equals("HEAD")) {
            String type = String.valueOf(request.getContentType()).toLowerCase(Locale.ROOT);
            if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
                // the container parses these bodies itself: leave them alone, and uncached
                uncacheableBody = true;
            } else {
                byte[] prefix = request.getInputStream().readNBytes(settings.maxBodyBytes() + 1);
                uncacheableBody = prefix.length > settings.maxBodyBytes(); // too large to key by
                bodyDigest = uncacheableBody ? null : EntityTags.digest(prefix);
                request = new BufferedBodyRequest(request, prefix);
            }
        }
        CookieWatch watched = new CookieWatch(response);
        Cachet cache = cachet();
        long captureLimit = cache == null ? 0 : Math.min(cache.backend().maxValueBytes(), MAX_CAPTURED_BYTES);
        ServletExchange exchange = new ServletExchange(request, watched, settings, bodyDigest, uncacheableBody, watched,
                captureLimit, cache == null ? null : stores);
        HttpExchange previous = ServletExchanges.bind(exchange);
        try {
            if (settings.matchesResponsePattern(path(request))) {
                wholeResponse(request, watched, chain, exchange);
            } else {
                chain.doFilter(request, watched);
            }
        } finally {
            ServletExchanges.restore(previous);
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new Abandon(exchange));
            } else {
                exchange.abandon();
            }
        }
        if (!request.isAsyncStarted()) {
            // a plain servlet's write (a JAX-RS one invalidated in the response filter, before its body)
            exchange.written(watched.getStatus(), watched.getHeader("Location"), watched.getHeader("Content-Location"));
        }
    }

    /** The canonical path inside the application: servlet path plus path info, as the container decoded them. */
    private static String path(HttpServletRequest request) {
        String info = request.getPathInfo();
        return request.getServletPath() + (info == null ? "" : info);
    }

    /**
     * Whether the raw request URI could be read as another path than the canonical one: path
     * parameters ({@code ;x.css}, encoded {@code %3B}), dot segments, encoded dots, slashes,
     * backslashes or percent signs (a double encoding such as {@code %252e}). Such a
     * request is never served from or stored in the whole-response cache (web cache deception).
     */
    static boolean ambiguous(String rawUri) {
        if (rawUri.indexOf(';') >= 0 || rawUri.indexOf('\\') >= 0 || rawUri.contains("//")) {
            return true;
        }
        String lower = rawUri.toLowerCase(Locale.ROOT);
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")
                || lower.contains("%3b") || lower.contains("%25")) {
            return true;
        }
        for (String segment : rawUri.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** Lands a miss the response of an asynchronous request never decided on. */
    private static final class Abandon implements jakarta.servlet.AsyncListener {
        private final ServletExchange exchange;

        Abandon(ServletExchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public void onComplete(jakarta.servlet.AsyncEvent event) {
            exchange.abandon();
            if (event.getSuppliedResponse() instanceof HttpServletResponse response) {
                exchange.written(response.getStatus(), response.getHeader("Location"), response.getHeader("Content-Location"));
            }
        }

        @Override
        public void onTimeout(jakarta.servlet.AsyncEvent event) {
            exchange.abandon();
        }

        @Override
        public void onError(jakarta.servlet.AsyncEvent event) {
            exchange.abandon();
        }

        @Override
        public void onStartAsync(jakarta.servlet.AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }

    // ---- whole-response caching ----

    /** The pattern-cached "call": shared with everyone unless someone identifiable asks. */
    private class PatternCall implements HttpExchange.Call {
        @Override
        public String statusHeader() {
            return cachet().settings().statusHeader();
        }

        @Override
        public List<String> vary() {
            return List.of();
        }

        @Override
        public boolean shared() {
            return false;
        }

        @Override
        public java.time.Duration ttl() {
            return settings.responseTtl();
        }
    }

    /** Under a {@code response-cache-shared} pattern: per user only for a principal or credential header. */
    private final class SharedPatternCall extends PatternCall implements ServletExchange.SharedContent {
    }

    private void wholeResponse(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                               ServletExchange exchange) throws IOException, ServletException {
        Cachet cache = cachet();
        PatternCall call = settings.matchesSharedResponsePattern(path(request)) ? new SharedPatternCall()
                : new PatternCall();
        HttpExchange.Mode mode = cache == null || !cache.isEnabled() || ambiguous(request.getRequestURI())
                ? HttpExchange.Mode.BYPASS : exchange.mode(call);
        if (mode == HttpExchange.Mode.BYPASS) {
            chain.doFilter(request, response);
            return;
        }
        String target = ServletExchange.origin(request) + request.getContextPath() + path(request)
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        GuardedStore store = stores.store(Stores.RESPONSES);
        String key = stores.keyPrefix(Stores.RESPONSES) + EntityTags.digest(target) + exchange.keyScope(call);
        if (mode == HttpExchange.Mode.USE) {
            byte[] envelope = store.read(key);
            Representation stored = envelope == null ? null
                    : Representation.parse(envelope, Envelope.payloadOffset(envelope), Envelope.payloadLength(envelope));
            if (stored != null) {
                stores.countLookup(Stores.RESPONSES, true);
                replay(request, response, exchange, call, stored,
                        Math.max(0, Envelope.expiresAt(envelope) - stores.clock().millis()));
                return;
            }
        }
        stores.countLookup(Stores.RESPONSES, false);
        CapturingResponse capture = new CapturingResponse(response, Math.min(store.maxValueBytes(), MAX_CAPTURED_BYTES));
        AsyncWatch watched = new AsyncWatch(request);
        chain.doFilter(watched, capture);
        if (watched.started || request.isAsyncStarted()) {
            capture.streamThrough(); // the body comes later, from another thread: it is sent, never stored
            return;
        }
        if (capture.containerAnswers()) {
            return; // sendError or sendRedirect: the container answers, untouched
        }
        if (capture.overflowed()) {
            return; // too large to store: it has streamed through already
        }
        byte[] body = capture.body();
        int status = capture.getStatus();
        java.util.Set<String> appCacheControl = ServletExchange.tokens(response.getHeaders("Cache-Control"), List.of());
        jakarta.servlet.http.HttpSession session = request.getSession(false);
        // Only a complete GET representation is stored: a HEAD has no body, a Range answer is partial;
        // one that varies by request headers is not keyed by them here, so it is not stored either.
        boolean cacheable = status == 200 && request.getMethod().equalsIgnoreCase("GET")
                && request.getHeader("Range") == null && !capture.setsCookies()
                && response.getHeaders("Set-Cookie").isEmpty() && (session == null || !session.isNew())
                && !appCacheControl.contains("no-store") && !appCacheControl.contains("private")
                && response.getHeaders("Vary").isEmpty();
        if (!cacheable) {
            response.setHeader(call.statusHeader(), "MISS");
            if (request.getMethod().equalsIgnoreCase("HEAD")) {
                // HEAD sends the length GET would: HttpServlet's HEAD handling counts the body it
                // discards and declares it, or the container discards the body the servlet wrote
                response.setContentLengthLong(capture.declaredLength() >= 0 ? capture.declaredLength() : body.length);
                return;
            }
            write(response, request, body);
            return;
        }
        String etag = EntityTags.of(body, 0, body.length);
        byte[] payload = Representation.encode(status, null, storedHeaders(response), etag, body);
        long ttlMillis = settings.responseTtl().toMillis(); // bounded by HttpCacheSettings
        byte[] envelope = Envelope.wrap(payload, stores.clock().millis() + ttlMillis);
        store.write(key, envelope, settings.responseTtl());
        stores.countStored(Stores.RESPONSES, envelope.length);
        if (exchange.respond(call, "MISS", etag, ttlMillis)) {
            notModified(response);
            return;
        }
        write(response, request, body);
    }

    private void replay(HttpServletRequest request, HttpServletResponse response, ServletExchange exchange,
                        PatternCall call, Representation stored, long remainingMillis) throws IOException {
        response.setStatus(stored.status);
        java.util.Set<String> replaced = new java.util.HashSet<>();
        for (String[] header : stored.headers) {
            if (replaced.add(header[0].toLowerCase(Locale.ROOT))) {
                response.setHeader(header[0], header[1]); // replaces what an earlier filter set
            } else {
                response.addHeader(header[0], header[1]);
            }
        }
        if (exchange.respond(call, "HIT", stored.etag, remainingMillis)) {
            notModified(response);
            return;
        }
        write(response, request, stored.body);
    }

    /** 304 carries the representation's headers but no body (RFC 9110 §15.4.5). */
    private static void notModified(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
    }

    /** The response's headers that a stored whole response replays. */
    private static List<String[]> storedHeaders(HttpServletResponse response) {
        List<String[]> headers = new ArrayList<>();
        for (String name : response.getHeaderNames()) {
            if (!UNSTORED.contains(name.toLowerCase(Locale.ROOT))) {
                for (String value : response.getHeaders(name)) {
                    headers.add(new String[] {name, value});
                }
            }
        }
        return headers;
    }

    private static void write(HttpServletResponse response, HttpServletRequest request, byte[] body) throws IOException {
        response.setContentLength(body.length);
        if (!request.getMethod().equalsIgnoreCase("HEAD")) {
            response.getOutputStream().write(body);
        }
    }

    private Cachet cachet() {
        Cachet current = cachet;
        if (current == null && !noCachet) {
            try {
                // the Cachet behind the application-scoped client proxy: no proxy lookup on every request
                current = CDI.current().select(Cachet.class).get().unwrap(Cachet.class);
                stores = current.unwrap(Stores.class);
                cachet = current;
            } catch (RuntimeException | LinkageError e) {
                noCachet = true;
                LOG.log(System.Logger.Level.WARNING, "Cachet: no CDI container or no Cachet bean, so whole-response"
                        + " caching is off and resource methods keep no representation: " + e);
                return null;
            }
        }
        return current;
    }

    /**
     * The application's {@code HttpCacheSettings} bean, or {@code null} when it has none or there is
     * no CDI container; one Cachet cannot use fails the filter's start, as a {@code CacheSettings}
     * one fails the deployment.
     */
    private static HttpCacheSettings producedSettings() {
        jakarta.enterprise.inject.spi.BeanManager beans;
        try {
            beans = CDI.current().getBeanManager();
        } catch (IllegalStateException | LinkageError noContainer) {
            return null;
        }
        return io.cachet.spi.CdiParts.settings(beans, HttpCacheSettings.class);
    }

    /**
     * Notes that the request went asynchronous, even when its asynchronous work completed before
     * the filter chain returned (then {@code isAsyncStarted()} is already false).
     */
    private static final class AsyncWatch extends HttpServletRequestWrapper {
        private volatile boolean started;

        AsyncWatch(HttpServletRequest request) {
            super(request);
        }

        @Override
        public jakarta.servlet.AsyncContext startAsync() {
            started = true;
            return super.startAsync();
        }

        @Override
        public jakarta.servlet.AsyncContext startAsync(ServletRequest request, ServletResponse response) {
            started = true;
            return super.startAsync(request, response);
        }
    }

    /** A request whose body prefix was read to key it: the application reads it all again. */
    private static final class BufferedBodyRequest extends HttpServletRequestWrapper {
        private final java.io.InputStream body;

        BufferedBodyRequest(HttpServletRequest request, byte[] prefix) throws IOException {
            super(request);
            this.body = new java.io.SequenceInputStream(new ByteArrayInputStream(prefix), request.getInputStream());
        }

        @Override
        public jakarta.servlet.ServletInputStream getInputStream() {
            return new jakarta.servlet.ServletInputStream() {
                private boolean finished;

                @Override
                public boolean isFinished() {
                    return finished;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(jakarta.servlet.ReadListener listener) {
                    throw new UnsupportedOperationException("a cacheable request body is read synchronously");
                }

                @Override
                public int read() throws IOException {
                    int b = body.read();
                    finished = b < 0;
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = body.read(b, off, len);
                    finished = n < 0;
                    return n;
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
                    encoding == null ? java.nio.charset.StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
        }
    }
}
