package io.cachet;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Caches the result of a CDI bean method (including a JAX-RS resource method): the first call
 * with given arguments runs the method and stores its result; later calls with the same
 * arguments return the stored result until it expires.
 *
 * <p>Methods may be synchronous or return {@code CompletionStage}/{@code CompletableFuture}: then
 * the <em>value</em> the stage completes with is cached, never the stage, and a failed stage is
 * not cached. An exception is never cached and reaches the caller unchanged. A {@code null}
 * result is cached like any other value. {@code void} methods cannot be cached.
 *
 * <h2>How the key is formed</h2>
 * <ol>
 *   <li>The plan is per bean class: a method inherited by several bean classes (a generic
 *       {@code Facade<T>}'s) is keyed, and its return type resolved, for the class of the bean it
 *       is called on.</li>
 *   <li>A method is a JAX-RS <em>resource method</em> when it, or the method it overrides or
 *       implements, carries an HTTP-method annotation ({@code @GET}, ...): its own JAX-RS
 *       annotations, else a superclass's, else an interface's (JAX-RS 3.1 §3.6).</li>
 *   <li>The key parameters are chosen: if any parameter is annotated {@link CacheKey}, exactly
 *       those; otherwise every parameter except plumbing ({@code @Suspended}, and parameters of
 *       servlet response and context, JAX-RS {@code AsyncResponse}, {@code ResourceInfo},
 *       {@code ResourceContext}, {@code Application}, {@code Configuration}, {@code Providers},
 *       {@code Sse}, CDI, JPA or JDBC infrastructure types). A {@code Principal} or JAX-RS
 *       {@code SecurityContext} parameter is always a key parameter, keyed by its user's name, and
 *       makes a resource method's answer per user ({@link #shared()} with one fails the
 *       deployment).</li>
 *   <li>For a resource method, request inputs that the matched request keys are left out:
 *       {@code UriInfo} (the URL is in the key) and {@code HttpSession} (a session makes the entry
 *       per user). Parameters that carry request headers ({@code HttpHeaders},
 *       {@code HttpServletRequest}, {@code Request}, {@code ContainerRequestContext},
 *       {@code Cookie}) are left out too, and fail the deployment unless the annotation says how
 *       the answer varies: {@link #vary()}, {@link #perUser()} or {@link #shared()}; so does a
 *       {@code @HeaderParam} or {@code @CookieParam} parameter that {@code @CacheKey} leaves out,
 *       unless {@link #vary()} names its header. Outside resource methods such parameters are key
 *       parameters, which the default builder cannot render (the deployment fails naming them).</li>
 *   <li>For a resource method, request inputs injected into the bean's fields and setters (its
 *       whole class hierarchy, {@code @BeanParam} classes included) are checked:
 *       {@code @PathParam}, {@code @QueryParam}, {@code @MatrixParam}, {@code @FormParam} and
 *       {@code @Context UriInfo} are keyed by the URL (and the body); {@code SecurityContext},
 *       {@code Principal} and {@code HttpSession} by the user; {@code @HeaderParam} needs its
 *       header in {@link #vary()}, and {@code @CookieParam}, {@code @Context HttpHeaders},
 *       {@code HttpServletRequest}, {@code Request} or any other {@code @Context} a non-empty
 *       {@link #vary()}, unless {@link #perUser()} or {@link #shared()} is set. Anything else
 *       fails the deployment, naming the field and the fix.</li>
 *   <li>The key builder ({@link #keyBuilder()}, else the global one, else
 *       {@link DefaultKeyBuilder}) turns the bean class, the method and the key arguments into an
 *       id. The default builder renders the bean class, the method name and its parameter types,
 *       then each key argument by value: strings, numbers, booleans, characters, enums,
 *       {@code java.time} values, {@code BigDecimal}, {@code BigInteger}, {@code UUID},
 *       {@code URI}, {@code Locale}, records of these, arrays, lists, sets and maps of these
 *       (sets and maps in sorted order, so iteration order never changes a key) and
 *       {@code Optional}; the id is the SHA-256 of that rendering, in hex. A key parameter of
 *       any other type fails the deployment naming the method and the parameter: it has no
 *       value-based rendering, and keying it by identity would make every call a miss.</li>
 *   <li>The key is {@code {prefix}:{namespace}:{id}}, with the global prefix (default
 *       {@code cachet}) and {@link #namespace()}.</li>
 *   <li>A resource method serving its own request (under the {@code cachet-servlet} filter)
 *       extends the key with {@code |} and the SHA-256 of: the request's origin (scheme, host,
 *       port), raw path and query; the user, when the entry is per user; the values of the
 *       {@link #vary()} headers and of every header its responses named in {@code Vary}; and the
 *       request body's digest (opt-in POST). The entry is per user when {@link #perUser()} is set,
 *       or unless {@link #shared()} is set when the request carries a credential header
 *       ({@code Authorization} by default), any cookie, a session (existing or requested), a
 *       servlet principal, or a JAX-RS {@code SecurityContext} principal at the time of the call;
 *       the user is all of those, plus the headers {@code @HeaderParam} fields read.</li>
 *   <li>A resource method called by another resource method is a bean call: its plain key, and
 *       the response is left alone. Called outside an HTTP request the servlet module sees (no
 *       {@code cachet-servlet}, another thread), it is not cached, and a warning is logged once.</li>
 * </ol>
 *
 * <p>Put it on methods: on a bean class it fails the deployment (the target {@code TYPE}
 * exists only because the interceptor class must carry its binding). Every member is
 * {@link Nonbinding}: one interceptor serves every configuration.
 */
@Documented
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Cached {

    /** {@link #expire()} left unset: the global default applies. */
    long UNSET = Long.MIN_VALUE;

    /** {@link #expire()} value for entries that never expire, whatever the global default. */
    long NEVER = 0;

    /**
     * Seconds an entry lives. Unset means the global default
     * ({@link CacheSettings.Builder#defaultExpire}); unset everywhere means no expiry;
     * {@link #NEVER} means no expiry whatever the default. Negative values fail the deployment.
     */
    @Nonbinding
    long expire() default UNSET;

    /**
     * Seconds after {@link #expire()} that an entry is still answered, at once, while one
     * background call of the method refreshes it (RFC 5861's {@code stale-while-revalidate}; the
     * status header says {@code STALE}). Unset means the global default (none unless configured);
     * it needs an expiry. A resource method's stale answer is refreshed by the one request that
     * finds it stale first, which computes; the others get the stale answer meanwhile.
     */
    @Nonbinding
    long staleWhileRevalidate() default UNSET;

    /**
     * Seconds after {@link #expire()} that an entry answers for the method when it fails (throws,
     * or its stage fails, with a failure {@link CacheSettings#staleOnError()} counts), counted and
     * logged (RFC 5861's {@code stale-if-error}). Unset means the global default (none unless
     * configured); it needs an expiry.
     */
    @Nonbinding
    long staleIfError() default UNSET;

    /** Groups entries so they can be cleared together; must not contain {@code ':'}. */
    @Nonbinding
    String namespace() default "";

    /**
     * The coder for this method; {@code Coder.class} means the global coder. A resource method
     * serving its own request stores the response the JAX-RS writer produced (its bytes), not an
     * encoded value: the coder applies to its bean calls and to every other method.
     */
    @Nonbinding
    Class<? extends Coder> coder() default Coder.class;

    /** The key builder for this method; {@code KeyBuilder.class} means the global one. */
    @Nonbinding
    Class<? extends KeyBuilder> keyBuilder() default KeyBuilder.class;

    /**
     * The response header that reports {@code HIT} or {@code MISS} when the call serves an HTTP
     * request; empty means the global name (default {@code X-Cachet}).
     */
    @Nonbinding
    String statusHeader() default "";

    /**
     * For a JAX-RS resource method under the {@code cachet-servlet} filter: request headers whose
     * values select the representation (such as {@code Accept-Language}); their values become part
     * of the key and the names are sent in {@code Vary}. Headers the method's responses name in
     * {@code Vary} are added to these as they are seen.
     */
    @Nonbinding
    String[] vary() default {};

    /**
     * For a JAX-RS resource method under the {@code cachet-servlet} filter: the response is the
     * same for every user, so it is cached (and sent {@code public}) even for requests that carry
     * credentials. Otherwise such requests are cached per user and answered {@code private}.
     */
    @Nonbinding
    boolean shared() default false;

    /**
     * For a JAX-RS resource method under the {@code cachet-servlet} filter: the response depends on
     * who asks, even on requests that carry no credentials Cachet recognises, so it is always cached
     * per user (with the values of the headers the resource reads through {@code @HeaderParam}
     * fields) and answered {@code private}. Cannot be combined with {@link #shared()}.
     */
    @Nonbinding
    boolean perUser() default false;

    /**
     * Tags the entry, so that {@link Cachet#invalidateTag(String)} makes every entry carrying one
     * of them a miss, in every namespace and on every store. A tag is literal text with
     * placeholders for the method's arguments: {@code {id}} by parameter name (compile with
     * {@code -parameters}) or {@code {0}} by position, of a string, number, boolean, character,
     * enum or {@code UUID} parameter; {@code "product:{id}"} for {@code id = 42} is
     * {@code product:42}, and a {@code null} argument is {@code null}. The literal text may not
     * hold whitespace, {@code ','}, <code>'{'</code> or <code>'}'</code>; a placeholder that names
     * no such parameter fails the deployment.
     *
     * <p>A JAX-RS resource method sends its entry's tags in the {@code Surrogate-Key} response
     * header ({@code cachet.tag-header}; {@code Cache-Tag} for Cloudflare and Akamai), separated by
     * spaces, with whitespace, {@code ','}, {@code '%'} and control characters of an argument's
     * value percent-encoded, so a CDN can purge the same set.
     *
     * <p>Each tag has a version in the store, read with the entry (one round trip where the store
     * batches reads: Redis {@code MGET}); an entry records the versions it was computed under, read
     * before the method ran, so an entry computed while a tag was invalidated never survives the
     * invalidation.
     */
    @Nonbinding
    String[] tags() default {};

    /**
     * Who computes a missing entry once: {@link Flight#JVM} (each JVM once per key; the default
     * unless {@code cachet.cluster-flight} is on), or {@link Flight#CLUSTER}: one caller across every
     * node sharing the store, holding a lease on the key in the store (Redis {@code SET NX PX},
     * Memcached {@code add}, a DynamoDB conditional put, each with the lease time); the others wait
     * for its stored value up to the lock timeout, then answer stale if they can, and only then
     * compute uncached. A lease holder that dies holds the key at most the lease time. On a store in
     * the JVM, the JVM's flight is the cluster's.
     */
    @Nonbinding
    Flight flight() default Flight.DEFAULT;

    /** See {@link #flight()}. */
    enum Flight {
        /** The global setting ({@code cachet.cluster-flight}, default off: {@link #JVM}). */
        DEFAULT,
        /** One computation per key in each JVM. */
        JVM,
        /** One computation per key across the nodes sharing the store. */
        CLUSTER
    }
}
