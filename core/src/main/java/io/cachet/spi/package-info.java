/**
 * The service-provider interface: what a store implements ({@link io.cachet.spi.CacheBackend},
 * found through {@link io.cachet.spi.BackendFactory}), and what Cachet's own modules and a
 * store's module build on: the wire format every entry travels in ({@link io.cachet.spi.Envelope}),
 * the configuration reader ({@link io.cachet.spi.Properties}), the guarded path to a store
 * ({@link io.cachet.spi.GuardedStore}), the running Cachet's stores ({@link io.cachet.spi.Stores})
 * the HTTP exchange a resource method serves ({@link io.cachet.spi.HttpExchange}), and Cachet in a
 * container an application builds itself ({@link io.cachet.spi.CdiParts}) or without one
 * ({@link io.cachet.spi.Embedded}).
 *
 * <h2>Null</h2>
 * {@code null} is never an error value here; where a type allows it, it means exactly one of these:
 * <ul>
 *   <li>an absent key: a {@code null} {@link io.cachet.spi.BackendEntry} from
 *       {@link io.cachet.spi.CacheBackend#get} and in {@link io.cachet.spi.CacheBackend#getAll}'s
 *       list, and a {@code null} envelope from {@link io.cachet.spi.GuardedStore#read} (also for an
 *       expired or corrupt entry, or a failing store);</li>
 *   <li>no expiry: a {@code null} time to live ({@code ttl}) on every write;</li>
 *   <li>nothing kept: {@link io.cachet.spi.BackendEntry#local()} on a store that keeps only bytes;</li>
 *   <li>the first page, and no next page: a {@code null} cursor of
 *       {@link io.cachet.spi.CacheBackend#scan} and {@link io.cachet.spi.KeyPage#nextCursor()};</li>
 *   <li>not set: a property's value read through {@link io.cachet.spi.Properties}, and
 *       {@code null} from the function a {@link io.cachet.spi.BackendFactory} reads;</li>
 *   <li>not in an HTTP request: {@code null} from {@link io.cachet.spi.HttpExchanges#current()};
 *       and a call that is no method's: {@code null} bean class and method of an
 *       {@link io.cachet.spi.HttpExchange.Call};</li>
 *   <li>no opinion: a {@code null} coder from a {@link io.cachet.spi.CoderFactory}.</li>
 * </ul>
 * Everything else is non-null.
 */
package io.cachet.spi;
