package io.cachet.servlet;

import io.cachet.spi.HttpExchange;
import io.cachet.spi.Stores;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;

import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request as the cache sees it: which rules apply (method, client directives, who is asking,
 * {@code Vary}), what keys its entries (the matched URL, the user, header values, the body), and,
 * once the JAX-RS response is final, whether a miss may be stored and which headers describe the
 * outcome ({@code ETag}, {@code Cache-Control}, {@code Vary}, the HIT/MISS header, 304).
 */
final class ServletExchange implements HttpExchange {
    private static final AtomicBoolean WARNED_UNATTACHED = new AtomicBoolean();

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final HttpCacheSettings settings;
    private final Set<String> directives;
    /** A digest of the request body (opt-in cacheable POST), or null. */
    private final String bodyDigest;
    /** A body that cannot key the entry (too large, or a form the container parses). */
    private final boolean uncacheableBody;
    /** Cookies the application added to the servlet response directly. */
    private final CookieWatch cookies;
    /** The largest body a miss may hold back to store (the store's value limit). */
    private final long captureLimit;
    /** The running Cachet's stores, where a write invalidates; null without Cachet. */
    private final Stores stores;
    /** A write's invalidation has run (from the JAX-RS response filter, or after the servlet chain). */
    private final AtomicBoolean written = new AtomicBoolean();

    // Set by CachetJaxRsFilter for a JAX-RS request: the matched resource method and its security context.
    private volatile ContainerRequestContext jaxRs;
    private volatile Class<?> resourceClass;
    private volatile Method resourceMethod;
    /** The resource method's own cached call has started: any other call is a bean call. */
    private final AtomicBoolean claimed = new AtomicBoolean();

    // The outcome of the resource method's cached call, applied when the response is final.
    private volatile Call call;
    private volatile String outcome;
    private volatile String etag;
    private volatile long remainingMillis;
    /** For a {@code STALE} answer, how long the expired entry may still answer; -1 otherwise. */
    private volatile long staleMillis = -1;
    private volatile PendingStore pending;
    /** The headers of the method's own {@code Response}, replayed on a hit. */
    private volatile List<String[]> ownHeaders = List.of();
    /** A miss the final response allows storing, waiting for the writer's body. */
    private volatile Capture capture;
    private volatile String keyedScope;
    private volatile Set<String> keyedVary = Set.of();
    private volatile boolean keyedPerUser;
    /** The entry's tags, sent in the tag header of a cached response; null for none. */
    private volatile String[] tags;

    ServletExchange(HttpServletRequest request, HttpServletResponse response, HttpCacheSettings settings,
                    String bodyDigest, boolean uncacheableBody, CookieWatch cookies, long captureLimit, Stores stores) {
        this.request = request;
        this.response = response;
        this.settings = settings;
        this.directives = settings.ignoreClientDirectives() ? Set.of()
                : RequestDirectives.of(request.getHeaders("Cache-Control"), request.getHeader("Pragma"));
        this.bodyDigest = bodyDigest;
        this.uncacheableBody = uncacheableBody;
        this.cookies = cookies;
        this.captureLimit = captureLimit;
        this.stores = stores;
    }

    /** The JAX-RS request this exchange carries, and the resource method it matched. */
    void attach(ContainerRequestContext context, Class<?> matchedClass, Method matchedMethod) {
        this.jaxRs = context;
        this.resourceClass = matchedClass;
        this.resourceMethod = matchedMethod;
    }

    @Override
    public Mode mode(Call call) {
        if (call.method() != null) {
            if (jaxRs == null) {
                if (WARNED_UNATTACHED.compareAndSet(false, true)) {
                    System.getLogger("io.cachet.servlet").log(System.Logger.Level.WARNING, "Cachet: a @Cached"
                            + " resource method ran without the providers of io.cachet.servlet.CachetFeature, so Cachet"
                            + " cannot see the JAX-RS SecurityContext or the final response, and does not cache it. Let"
                            + " the server find CachetFeature, or list it in your Application's getClasses(). Logged once.");
                }
                return Mode.BYPASS;
            }
            if (!serves(call) || !claimed.compareAndSet(false, true)) {
                return Mode.BEAN;
            }
        }
        if (!settings.methods().contains(request.getMethod().toUpperCase(Locale.ROOT)) || uncacheableBody) {
            return Mode.BYPASS;
        }
        if (directives.contains("no-store")) {
            return Mode.BYPASS;
        }
        if (call.requiresUser() && !hasIdentity()) {
            // per user, but nothing Cachet can see tells this user from another (a tenant a filter
            // read into a request-scoped bean, say): never shared, so not cached
            return Mode.BYPASS;
        }
        if (directives.contains("no-cache")) {
            return Mode.REFRESH;
        }
        return Mode.USE;
    }

    /** Whether {@code call} is the resource method this request matched (not one it calls as a bean). */
    private boolean serves(Call call) {
        Method matched = resourceMethod;
        Class<?> type = resourceClass;
        if (matched == null || type == null || !matched.getName().equals(call.method().getName())
                || matched.getParameterCount() != call.method().getParameterCount()) {
            return false;
        }
        Class<?>[] wanted = call.method().getParameterTypes();
        Class<?>[] found = matched.getParameterTypes();
        for (int i = 0; i < wanted.length; i++) {
            if (!found[i].isAssignableFrom(wanted[i]) && !wanted[i].isAssignableFrom(found[i])) {
                return false;
            }
        }
        return call.beanClass().isAssignableFrom(type) || type.isAssignableFrom(call.beanClass());
    }

    /** Whether the entry is per user: the method says so, or someone identifiable asks and it is not shared. */
    private boolean perUser(Call call) {
        if (call instanceof SharedContent) {
            return hasCredentials();
        }
        return call.perUser() || !call.shared() && hasIdentity();
    }

    /**
     * A whole-response call under a {@code response-cache-shared} pattern: the same content for
     * every visitor, so cookies and sessions do not make it per user; a principal or a credential
     * header still does.
     */
    interface SharedContent {
    }

    /** Whether the request names its user: a principal (servlet or JAX-RS) or a credential header. */
    private boolean hasCredentials() {
        if (request.getUserPrincipal() != null || jaxRsPrincipal() != null) {
            return true;
        }
        for (String header : settings.credentialHeaders()) {
            if (request.getHeader(header) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether anything identifies who is asking: a credential header ({@code Authorization} by
     * default), any cookie, a session (existing or asked for), the servlet principal, or the
     * principal of the JAX-RS {@code SecurityContext} (as a request filter may have set it).
     */
    private boolean hasIdentity() {
        if (request.getUserPrincipal() != null || jaxRsPrincipal() != null || request.getHeader("Cookie") != null
                || request.getRequestedSessionId() != null || request.getSession(false) != null) {
            return true;
        }
        for (String header : settings.credentialHeaders()) {
            if (request.getHeader(header) != null) {
                return true;
            }
        }
        return false;
    }

    private Principal jaxRsPrincipal() {
        ContainerRequestContext context = jaxRs;
        if (context == null || context.getSecurityContext() == null) {
            return null;
        }
        return context.getSecurityContext().getUserPrincipal();
    }

    /** Who is asking, as key material: every identity the request carries. */
    private void identity(Call call, StringBuilder scope) {
        scope.append("user=");
        Principal principal = request.getUserPrincipal();
        Principal jaxRsPrincipal = jaxRsPrincipal();
        field(scope, "p", principal == null ? null : principal.getName());
        field(scope, "s", jaxRsPrincipal == null ? null : jaxRsPrincipal.getName());
        // A session is identity only while it is valid: after logout or a timeout the same cookie
        // names an ended session, which never reaches the entries of the session it was.
        HttpSession session = request.getSession(false);
        if (session != null) {
            field(scope, "session", session.getId());
        } else {
            field(scope, "ended-session", request.getRequestedSessionId());
        }
        for (String header : settings.credentialHeaders()) {
            headerValues(scope, header);
        }
        headerValues(scope, "Cookie");
        for (String header : call.identityHeaders()) {
            headerValues(scope, header);
        }
        scope.append('\n');
    }

    private void headerValues(StringBuilder scope, String header) {
        for (String value : Collections.list(request.getHeaders(header))) {
            field(scope, header.toLowerCase(Locale.ROOT), value);
        }
    }

    private static void field(StringBuilder scope, String name, String value) {
        if (value != null) {
            scope.append('|').append(name).append(':').append(value.length()).append(':').append(value);
        }
    }

    @Override
    public String targetTag(Call call) {
        if (call.method() == null || !call.invalidateOnWrite() || !settings.invalidateOnWrite()) {
            return null;
        }
        return Writes.tag(origin(request), request.getRequestURI(), request.getQueryString());
    }

    /**
     * Once the status of the request is final: when it is an unsafe request answered below 400 by
     * anything but a {@code @Cached} method, the stored answers of its URI (and of its same-origin
     * {@code Location} and {@code Content-Location}) become misses. Runs once per request.
     */
    void written(int status, String location, String contentLocation) {
        if (stores == null || !settings.invalidateOnWrite() || status < 200 || status >= 400 || claimed.get()
                || !Writes.unsafe(request.getMethod()) || !written.compareAndSet(false, true)) {
            return;
        }
        Writes.invalidate(stores, request.getMethod(), request.getRequestURI(),
                Writes.tags(request, location, contentLocation));
    }

    @Override
    public String keyScope(Call call) {
        StringBuilder scope = new StringBuilder(128);
        if (call.method() != null) {
            // Path and query: whatever the resource reads of the URL (fields, UriInfo) is in the key.
            scope.append("url=").append(origin(request)).append(request.getRequestURI());
            if (request.getQueryString() != null) {
                scope.append('?').append(request.getQueryString());
            }
            scope.append('\n');
        }
        boolean perUser = perUser(call);
        if (perUser) {
            identity(call, scope);
        }
        Set<String> vary = canonical(call.vary());
        for (String header : vary) {
            scope.append(header).append('=');
            for (String value : Collections.list(request.getHeaders(header))) {
                scope.append(value.length()).append(':').append(value);
            }
            scope.append('\n');
        }
        if (bodyDigest != null) {
            scope.append("body=").append(bodyDigest).append('\n');
        }
        String digested = scope.length() == 0 ? "" : SCOPE_PREFIX + EntityTags.digest(scope.toString());
        if (call.method() != null) {
            keyedScope = digested;
            keyedVary = vary;
            keyedPerUser = perUser;
        }
        return digested;
    }

    /** {@code scheme://host:port}: the origin the request was sent to. */
    static String origin(HttpServletRequest request) {
        return request.getScheme() + "://" + request.getServerName().toLowerCase(Locale.ROOT) + ":"
                + request.getServerPort();
    }

    /** Header names, lower-cased, sorted, once each: the same set always renders the same way. */
    private static Set<String> canonical(List<String> headers) {
        if (headers.isEmpty()) {
            return Set.of();
        }
        TreeSet<String> names = new TreeSet<>();
        for (String header : headers) {
            names.add(header.toLowerCase(Locale.ROOT));
        }
        return names;
    }

    @Override
    public RuntimeException answer(Call call, byte[] payload, int offset, int length, long remainingMillis) {
        return answer(call, payload, offset, length, remainingMillis, false, 0);
    }

    /** A hit, or ({@code stale}) an expired entry answering while it is refreshed or for a failed method: {@code STALE}. */
    @Override
    public RuntimeException answer(Call call, byte[] payload, int offset, int length, long remainingMillis,
                                   boolean stale, long staleMillis) {
        Representation stored = Representation.parse(payload, offset, length);
        if (stored == null) {
            return null;
        }
        this.staleMillis = stale ? staleMillis : -1;
        record(call, stale ? "STALE" : "HIT", stored.etag, remainingMillis, null);
        if (ifNoneMatch(stored.etag)) {
            // 304 carries the stored response's headers (RFC 9110 §15.4.5); finish() adds the ETag
            Response.ResponseBuilder notModified = Response.notModified();
            for (String[] header : stored.headers) {
                notModified.header(header[0], header[1]);
            }
            return new CachedAnswer(notModified.build());
        }
        return new CachedAnswer(stored.response());
    }

    @Override
    public void miss(Call call, Object value, PendingStore store) {
        ownHeaders = value instanceof Response response ? replayable(response) : List.of();
        record(call, "MISS", null, call.ttl() == null ? -1 : call.ttl().toMillis(), store);
    }

    /** Headers not replayed: per exchange, hop by hop, the entity's own, or Cachet's. */
    private static final Set<String> UNREPLAYED = Set.of("set-cookie", "date", "etag", "connection",
            "transfer-encoding", "content-length", "content-type", "keep-alive");

    private List<String[]> replayable(Response response) {
        List<String[]> kept = new java.util.ArrayList<>();
        response.getStringHeaders().forEach((name, values) -> {
            if (!UNREPLAYED.contains(name.toLowerCase(Locale.ROOT))) {
                for (String value : values) {
                    kept.add(new String[] {name, value});
                }
            }
        });
        return kept;
    }

    @Override
    public void tagged(Call call, String[] tags) {
        this.tags = tags;
    }

    /**
     * The tags as one header value: separated by spaces in {@code Surrogate-Key} (Fastly), by
     * commas in any other ({@code Cache-Tag}, {@code Edge-Cache-Tag}); in each tag, whitespace,
     * {@code ','}, {@code '%'} and control characters are percent-encoded (UTF-8).
     */
    static String tagHeaderValue(String header, String[] tags) {
        String separator = header.equalsIgnoreCase("Surrogate-Key") ? " " : ",";
        StringBuilder value = new StringBuilder();
        for (String tag : tags) {
            if (value.length() > 0) {
                value.append(separator);
            }
            for (byte b : tag.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                int c = b & 0xFF;
                if (c <= 0x20 || c == ',' || c == '%' || c >= 0x7F) {
                    value.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
                } else {
                    value.append((char) c);
                }
            }
        }
        return value.toString();
    }

    /** Not cached (the method failed): nothing may say it is cacheable. */
    @Override
    public void uncached(Call call) {
        record(call, null, null, -1, null);
    }

    private void record(Call call, String outcome, String etag, long remainingMillis, PendingStore store) {
        PendingStore previous = this.pending;
        if (previous != null && previous != store) {
            previous.drop();
        }
        this.etag = etag;
        this.remainingMillis = remainingMillis;
        this.pending = store;
        this.outcome = outcome;
        this.call = call;
    }

    /** The capture the writer interceptor completes, once. */
    Capture takeCapture() {
        Capture taken = capture;
        capture = null;
        return taken;
    }

    /** A storable miss whose body the {@code MessageBodyWriter} is about to write. */
    final class Capture {
        private final PendingStore store;
        private final String scope;
        private final int status;
        private final ContainerResponseContext response;

        Capture(PendingStore store, String scope, int status, ContainerResponseContext response) {
            this.store = store;
            this.scope = scope;
            this.status = status;
            this.response = response;
        }

        long limit() {
            return captureLimit;
        }

        void drop() {
            store.drop();
        }

        /**
         * Stores the written body and sets its {@code ETag}; {@code true} when the request's
         * {@code If-None-Match} matches it, so the answer is 304 without the body.
         */
        boolean keep(jakarta.ws.rs.core.MultivaluedMap<String, Object> headers, String contentType, byte[] body) {
            // The final headers, once every response filter has run: Jersey may run an application's
            // (name-bound) response filter after Cachet's, so what it said is checked again here.
            Set<String> cacheControl = tokens(values(headers.get("Cache-Control")),
                    ServletExchange.this.response.getHeaders("Cache-Control"));
            Set<String> vary = tokens(values(headers.get("Vary")), ServletExchange.this.response.getHeaders("Vary"));
            if (cacheControl.contains("no-store") || !keyedPerUser && cacheControl.contains("private")
                    || vary.contains("*") || setsCookie(headers)) {
                store.drop();
                outcome = null;
                headers.putSingle(call.statusHeader(), "MISS");
                return false;
            }
            String tag = EntityTags.of(body, 0, body.length);
            byte[] payload;
            try {
                payload = Representation.encode(status, contentType, ownHeaders, tag, body);
            } catch (RuntimeException e) {
                store.drop(); // a header too long to store, say: sent, not stored
                return false;
            }
            headers.putSingle("ETag", tag);
            store.store(scope, payload);
            if (ifNoneMatch(tag)) {
                response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                return true;
            }
            return false;
        }
    }

    /**
     * The JAX-RS response is final (every application filter has run): stores a pending miss if the
     * response allows it, under a key that holds every header the response's {@code Vary} names,
     * and sets the outcome's headers, leaving the application's own {@code Cache-Control} alone.
     */
    void finish(ContainerResponseContext context) {
        Call done = call;
        if (done == null) {
            return;
        }
        var headers = context.getHeaders();
        Set<String> cacheControl = tokens(values(headers.get("Cache-Control")), response.getHeaders("Cache-Control"));
        Set<String> vary = tokens(values(headers.get("Vary")), response.getHeaders("Vary"));
        String result = outcome;
        PendingStore store = pending;
        pending = null;
        if (store != null) {
            boolean storable = context.getStatus() >= 200 && context.getStatus() < 300 && !setsCookie(headers)
                    && !cacheControl.contains("no-store") && (keyedPerUser || !cacheControl.contains("private"))
                    && !vary.contains("*");
            if (!storable) {
                store.drop();
                result = null;
            } else {
                String scope = keyedScope;
                if (!keyedVary.containsAll(vary)) {
                    done.learnVary(vary); // from now on this method's entries are keyed by those headers too
                    scope = keyScope(done);
                }
                if (context.hasEntity()) {
                    capture = new Capture(store, scope, context.getStatus(), context); // the writer's bytes
                } else {
                    byte[] empty = new byte[0];
                    etag = EntityTags.of(empty, 0, 0);
                    try {
                        store.store(scope, Representation.encode(context.getStatus(), null, ownHeaders, etag, empty));
                    } catch (RuntimeException e) {
                        store.drop();
                        throw e;
                    }
                }
            }
        }
        if (result == null) {
            // not cached, and it still must not be shared downstream when it is a user's
            headers.putSingle(done.statusHeader(), "MISS");
            if (cacheControl.isEmpty() && perUser(done)) {
                headers.putSingle("Cache-Control", "private");
            } else if (perUser(done)) {
                keepPrivate(headers, cacheControl);
            }
            if (!done.vary().isEmpty() && !headers.containsKey("Vary")) {
                headers.putSingle("Vary", String.join(", ", done.vary()));
            }
            return;
        }
        headers.putSingle(done.statusHeader(), result);
        String[] entryTags = tags;
        if (entryTags != null) {
            headers.putSingle(done.tagHeader(), tagHeaderValue(done.tagHeader(), entryTags));
        }
        if (etag != null) {
            headers.putSingle("ETag", etag); // a miss with a body gets its tag when the body is written
        }
        if (cacheControl.isEmpty()) {
            headers.putSingle("Cache-Control", cacheControl(keyedPerUser, done.shared() && hasIdentity(),
                    remainingMillis, settings.noExpiryCacheControl()) + staleDirectives(done, staleMillis));
        } else if (keyedPerUser) {
            keepPrivate(headers, cacheControl);
        }
        TreeSet<String> allVary = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        allVary.addAll(values(headers.get("Vary")).stream().flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim).filter(v -> !v.isEmpty()).toList());
        allVary.addAll(done.vary());
        if (!allVary.isEmpty()) {
            headers.putSingle("Vary", String.join(", ", allVary));
        }
        if (result.equals("MISS") && etag != null && context.getStatus() >= 200 && context.getStatus() < 300
                && ifNoneMatch(etag)) {
            context.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
        }
    }

    /**
     * A user's answer with the application's own {@code Cache-Control}: unless it says
     * {@code private} or {@code no-store} already, it is made {@code private} ({@code public} and
     * {@code s-maxage} dropped), so a shared cache in front never keeps one user's answer for another.
     */
    private void keepPrivate(jakarta.ws.rs.core.MultivaluedMap<String, Object> headers, Set<String> directives) {
        if (directives.contains("private") || directives.contains("no-store")) {
            return;
        }
        List<String> kept = new java.util.ArrayList<>();
        kept.add("private");
        List<String> lines = new java.util.ArrayList<>(values(headers.get("Cache-Control")));
        lines.addAll(response.getHeaders("Cache-Control"));
        for (String line : lines) {
            for (String directive : line.split(",")) {
                String name = directive.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && !name.equals("public") && !name.startsWith("s-maxage")) {
                    kept.add(directive.trim());
                }
            }
        }
        String value = String.join(", ", kept);
        headers.putSingle("Cache-Control", value);
        if (response.containsHeader("Cache-Control")) {
            response.setHeader("Cache-Control", value);
        }
    }

    /** The request is over: a miss never stored (no verdict, or no body written, as for HEAD) lands empty. */
    void abandon() {
        PendingStore store = pending;
        pending = null;
        if (store != null) {
            store.drop();
        }
        Capture unwritten = takeCapture();
        if (unwritten != null) {
            unwritten.drop();
        }
    }

    private boolean setsCookie(jakarta.ws.rs.core.MultivaluedMap<String, Object> headers) {
        if (headers.containsKey("Set-Cookie") || cookies.added() || !response.getHeaders("Set-Cookie").isEmpty()) {
            return true;
        }
        HttpSession session = request.getSession(false);
        return session != null && session.isNew();
    }

    private static List<String> values(List<Object> values) {
        return values == null ? List.of() : values.stream().map(String::valueOf).toList();
    }

    /** Comma-separated tokens (directive names, header names), lower-cased, from every header line. */
    static Set<String> tokens(java.util.Collection<String> first, java.util.Collection<String> second) {
        TreeSet<String> tokens = new TreeSet<>();
        for (java.util.Collection<String> lines : List.of(first, second)) {
            for (String line : lines) {
                for (String token : line.split(",")) {
                    int equals = token.indexOf('=');
                    String name = (equals < 0 ? token : token.substring(0, equals)).trim().toLowerCase(Locale.ROOT);
                    if (!name.isEmpty()) {
                        tokens.add(name);
                    }
                }
            }
        }
        return tokens;
    }

    private boolean ifNoneMatch(String tag) {
        List<String> ifNoneMatch = Collections.list(request.getHeaders("If-None-Match"));
        return !ifNoneMatch.isEmpty() && EntityTags.noneMatchFails(ifNoneMatch, tag);
    }

    /**
     * Sets the headers of a cached whole response; {@code true} when {@code If-None-Match}
     * matches, so the answer must be 304 without a body.
     */
    boolean respond(Call call, String outcome, String etag, long remainingMillis) {
        if (response.isCommitted()) {
            return false;
        }
        response.setHeader(call.statusHeader(), outcome);
        response.setHeader("ETag", etag);
        response.setHeader("Cache-Control", cacheControl(perUser(call), call.shared() && hasIdentity(),
                remainingMillis, settings.noExpiryCacheControl()));
        return ifNoneMatch(etag);
    }

    /**
     * RFC 5861's directives for a method that may answer stale: its windows, or, for a stale
     * answer, what is left of them ({@code staleMillis}, -1 for a fresh one).
     */
    static String staleDirectives(Call call, long staleMillis) {
        long revalidate = call.staleWhileRevalidate().toSeconds();
        long ifError = call.staleIfError().toSeconds();
        if (staleMillis >= 0) {
            long left = staleMillis / 1000;
            revalidate = Math.min(revalidate, left);
            ifError = Math.min(ifError, left);
        }
        return (revalidate > 0 ? ", stale-while-revalidate=" + revalidate : "")
                + (ifError > 0 ? ", stale-if-error=" + ifError : "");
    }

    /** {@code [private|public, ]max-age=<whole seconds left>}, or the no-expiry policy. */
    static String cacheControl(boolean privately, boolean publicly, long remainingMillis, String noExpiry) {
        String scope = privately ? "private, " : publicly ? "public, " : "";
        if (remainingMillis < 0) {
            return scope + noExpiry;
        }
        return scope + "max-age=" + remainingMillis / 1000;
    }
}
