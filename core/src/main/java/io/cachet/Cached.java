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
 * When the application deploys, each method's key is worked out by these rules, in this order; a
 * rule that fails the deployment names the method, the parameter or member, and the fix.
 * <ol>
 *   <li><b>Per bean class.</b> A method inherited by several bean classes (a generic
 *       {@code Facade<T>}'s) has a plan for each: its return type is resolved, and its entries
 *       kept, for the class of the bean it is called on.</li>
 *   <li><b>Resource method.</b> The JAX-RS annotations that apply are those of the first of: the
 *       method itself, the same method on a superclass, the same method on an interface, that has
 *       a JAX-RS annotation on it or on a parameter (JAX-RS 3.1 &sect;3.6). It is a <em>resource
 *       method</em> when they include an HTTP method ({@code @GET}, ...). Parameter annotations
 *       such as {@code @HeaderParam} and {@code @Suspended} are read from that declaration;
 *       {@link CacheKey} from the one that carries {@code @Cached}.</li>
 *   <li><b>Plumbing is left out</b>: a {@code @Suspended} parameter, and one whose type is (or
 *       extends) {@code ServletResponse}, {@code ServletContext}, {@code ServletConfig},
 *       {@code AsyncResponse}, {@code ResourceInfo}, {@code ResourceContext},
 *       {@code Application}, {@code Configuration}, {@code Providers}, {@code Sse},
 *       {@code SseEventSink}, {@code InjectionPoint}, {@code BeanManager}, {@code Instance},
 *       {@code EntityManager}, {@code EntityManagerFactory}, {@code Connection} or
 *       {@code DataSource}.</li>
 *   <li><b>{@code HttpSession}</b>: left out on a resource method (a request with a session is
 *       cached per user, rule 20); on any other method an ordinary parameter (rule 8).</li>
 *   <li><b>{@code Principal} or {@code SecurityContext}</b>: with {@link #shared()}, the deployment
 *       fails, on any method. Otherwise the parameter is always in the key, marked or not, as its
 *       user's name, and makes a resource method's entries per user.</li>
 *   <li><b>{@code UriInfo}</b>: left out on a resource method (the request URL is in its key,
 *       rule 20); on any other method an ordinary parameter.</li>
 *   <li><b>Request headers</b> ({@code HttpHeaders}, {@code Request}, {@code ServletRequest},
 *       {@code HttpServletRequest}, {@code ContainerRequestContext}, {@code Cookie}): left out on a
 *       resource method, whose deployment fails unless {@link #vary()} is non-empty or
 *       {@link #perUser()} or {@link #shared()} is set; on any other method an ordinary
 *       parameter.</li>
 *   <li><b>Every other parameter is ordinary</b>, keyed by its value: the entity, and
 *       {@code @PathParam}, {@code @QueryParam}, {@code @MatrixParam}, {@code @FormParam},
 *       {@code @HeaderParam}, {@code @CookieParam} and {@code @BeanParam} parameters. Only the type
 *       decides: a {@code @Context} parameter of a type rules 3 to 7 do not name is ordinary
 *       too.</li>
 *   <li><b>The key parameters</b>, in declaration order: if any parameter is marked
 *       {@link CacheKey}, the marked ones, whatever their type (a marked parameter of rules 3, 4, 6
 *       or 7 is then in the key, and rule 18 judges it); otherwise the ordinary ones. Rule 5's are
 *       added in both cases.</li>
 *   <li><b>A header parameter left out</b> of a resource method's key (by {@link CacheKey} marks on
 *       others, or by its type, rule 7), a {@code @HeaderParam} or {@code @CookieParam} one, fails
 *       the deployment unless {@link #perUser()} or {@link #shared()} is set, or {@link #vary()}
 *       names its header, in any case: a {@code @HeaderParam}'s own, {@code Cookie} for a
 *       {@code @CookieParam}.</li>
 *   <li><b>Injected request inputs</b>: for a resource method, every non-static field,
 *       one-argument method, {@code @Inject} initializer method's and constructor's parameter of
 *       the bean class and its superclasses is checked (an {@code Instance<T>} or
 *       {@code Provider<T>} as the {@code T} it looks up), and through {@code @BeanParam} those of
 *       the classes it names (eight levels deep). {@code @PathParam},
 *       {@code @QueryParam}, {@code @MatrixParam} and {@code @FormParam} members are accepted: the
 *       URL and the body are in the key.</li>
 *   <li>A {@code @HeaderParam} member fails the deployment unless {@link #vary()} names its header
 *       (in any case), or {@link #perUser()} or {@link #shared()} is set; a per-user entry is keyed
 *       by that header's value too.</li>
 *   <li>A {@code @CookieParam} member fails the deployment unless {@link #vary()} names
 *       {@code Cookie}, or {@link #perUser()} or {@link #shared()} is set.</li>
 *   <li>A {@code @Context} or {@code @Inject} member of a plumbing type (rule 3) is ignored; one of
 *       type {@code Principal}, {@code SecurityContext}, {@code HttpSession} or {@code UriInfo} is
 *       accepted (the user and the URL are in the key).</li>
 *   <li>A {@code @Context} or {@code @Inject} member of a request-header type (rule 7), and a
 *       {@code @Context} member of any type not named above, fails the deployment unless
 *       {@link #vary()} is non-empty or {@link #perUser()} or {@link #shared()} is set. So does an
 *       {@code @Inject} application bean that is {@code @RequestScoped}, or that injects a
 *       request-header type, itself or through the beans it injects (eight levels deep): a filter
 *       may have filled it from the request. Any other member is ignored: another application
 *       bean, a field without these annotations.</li>
 *   <li><b>{@code Accept}</b>: a resource method whose {@code @Produces} (the method's, else its
 *       class's) names other than exactly one concrete media type is keyed by {@code Accept} too,
 *       among its vary headers (this alone does not make it request-bound, rule 17).</li>
 *   <li><b>Bean calls.</b> A resource method that leaves part of its key to the request (a
 *       parameter of rules 4, 6, 7 or 10, a member of rules 11 to 15, {@link #perUser()}, or a
 *       declared {@link #vary()}) is not cached when another resource method calls it as a bean;
 *       any other is cached under its plain key, and the outer response is left alone.</li>
 *   <li><b>The key builder</b> ({@link #keyBuilder()}, else the global one, else
 *       {@link DefaultKeyBuilder}) validates the key parameters other than rule 5's; a builder of
 *       your own accepts what its {@code validate} accepts. The default builder accepts declared
 *       types it renders by value: strings, primitives and their wrappers, {@code BigDecimal},
 *       {@code BigInteger}, {@code UUID}, {@code URI}, {@code Locale}, enums, {@code java.time}
 *       values, records of these, arrays of these, and collections, maps and {@code Optional}s
 *       declared with such elements; any other type (an entity, a raw collection, a type
 *       variable, a context) fails the deployment, since keyed by identity every call would miss.
 *       Its id is the SHA-256, in hex, of the bean class, the method name and its parameter types,
 *       then each key argument by value (sets and maps in sorted order; a user by its name).</li>
 *   <li><b>Tags</b> may use key parameters only.</li>
 * </ol>
 * When it is called:
 * <ol start="20">
 *   <li>The key is {@code {prefix}:{namespace}:{id}} (the global prefix, default {@code cachet},
 *       and {@link #namespace()}). A resource method serving its own request under the
 *       {@code cachet-servlet} filter extends it with {@code |} and the SHA-256 of: the request's
 *       origin (scheme, host, port), raw path and query; the user, when the entry is per user; the
 *       values of the {@link #vary()} headers and of every header its responses named in
 *       {@code Vary}; and the request body's digest (opt-in POST). The entry is per user when
 *       {@link #perUser()} is set or a rule 5 parameter is present, or, unless {@link #shared()}
 *       is set, when the request carries a credential header ({@code Authorization} by default),
 *       any cookie, a session (existing or requested), a servlet principal, or a JAX-RS
 *       {@code SecurityContext} principal; the user is all of those, plus the headers of rule 12's
 *       members. A session counts only while it is valid: an ended one (a logout, a timeout) keys
 *       as an ended session, never as the session it was. With {@link #perUser()} set, a request
 *       that carries none of them is not cached: nothing tells its user from another.</li>
 *   <li>A resource method called outside an HTTP request the servlet module sees (no
 *       {@code cachet-servlet}, another thread) is not cached, and a warning is logged once.</li>
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
     * who asks, so it is always cached per user (with the values of the headers the resource reads
     * through {@code @HeaderParam} fields) and answered {@code private}. A request that carries
     * nothing identifying its user (no credential header, cookie, session or principal) is not
     * cached at all, since it could not be told from another user's: a tenant known only from a
     * header is declared with {@link #vary()} instead. Cannot be combined with {@link #shared()}.
     */
    @Nonbinding
    boolean perUser() default false;

    /**
     * For a JAX-RS resource method under the {@code cachet-servlet} filter: whether a successful
     * write to the URI of a request it answered (a {@code POST}, {@code PUT}, {@code PATCH},
     * {@code DELETE} or other unsafe method, answered below 400, or naming that URI in its
     * same-origin {@code Location} or {@code Content-Location}) makes the entries it stored for
     * that URI misses, for every user and {@code Vary} value, on every store (RFC 9111 section 4.4).
     * On by default (and off everywhere with {@code cachet.http.invalidate-on-write=false}); a
     * write handled by a {@code @Cached} method (a search by {@code POST}) invalidates nothing.
     */
    @Nonbinding
    boolean invalidateOnWrite() default true;

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
