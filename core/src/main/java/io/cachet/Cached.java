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
 *   <li>The key parameters are chosen: if any parameter is annotated {@link CacheKey}, exactly
 *       those; otherwise every parameter except injected infrastructure, namely parameters
 *       annotated {@code @jakarta.ws.rs.core.Context} or {@code @jakarta.ws.rs.container.Suspended},
 *       and parameters of servlet, JAX-RS context, CDI, JPA or JDBC infrastructure types
 *       (such as {@code HttpServletRequest}, {@code UriInfo}, {@code EntityManager},
 *       {@code Connection}).</li>
 *   <li>The key builder ({@link #keyBuilder()}, else the global one, else
 *       {@link DefaultKeyBuilder}) turns the method and the key arguments into an id.</li>
 *   <li>The default builder renders the declaring class, the method name and its parameter
 *       types, then each key argument by value: strings, numbers, booleans, characters, enums,
 *       {@code java.time} values, {@code BigDecimal}, {@code BigInteger}, {@code UUID},
 *       {@code URI}, {@code Locale}, records of these, arrays, lists, sets and maps of these
 *       (sets and maps in sorted order, so iteration order never changes a key) and
 *       {@code Optional}; the id is the SHA-256 of that rendering, in hex. A key parameter of
 *       any other type fails the deployment naming the method and the parameter: it has no
 *       value-based rendering, and keying it by identity would make every call a miss.</li>
 *   <li>The key is {@code {prefix}:{namespace}:{id}}, with the global prefix (default
 *       {@code cachet}) and {@link #namespace()}.</li>
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

    /** Groups entries so they can be cleared together; must not contain {@code ':'}. */
    @Nonbinding
    String namespace() default "";

    /** The coder for this method; {@code Coder.class} means the global coder. */
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
     * of the key and the names are sent in {@code Vary}.
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
}
