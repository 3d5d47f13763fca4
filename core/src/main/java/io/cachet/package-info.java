/**
 * Cachet's API: {@link io.cachet.Cached} on CDI bean methods, {@link io.cachet.Cachet} to evict,
 * invalidate and read statistics, {@link io.cachet.CacheSettings} to configure it, and the
 * {@link io.cachet.KeyBuilder} and {@link io.cachet.Coder} extension points.
 *
 * <h2>Null</h2>
 * Nothing in this package takes or returns {@code null} unless its documentation says what
 * {@code null} means there. Where it does, the meaning is one of these:
 * <ul>
 *   <li>a cached method's {@code null} result is a value like any other, cached and returned as
 *       {@code null};</li>
 *   <li>a {@code null} time to live ({@link io.cachet.CacheSettings#defaultExpire()}) is no expiry;</li>
 *   <li>{@link io.cachet.StoreState#near()} is {@code null} for a store without a near cache;</li>
 *   <li>a {@code null} argument of {@link io.cachet.Cachet#evict} or {@link io.cachet.Cachet#keyOf}
 *       is the argument the method was called with.</li>
 * </ul>
 * A {@code null} where none is allowed is a {@link java.lang.NullPointerException} naming the
 * parameter.
 */
package io.cachet;
