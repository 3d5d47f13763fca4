/**
 * Cachet's implementation: the CDI extension and interceptor, the call path, the guarded store,
 * namespaces, the near cache and the metrics. Not an API: no other module imports it (the OSGi
 * manifest does not export it), and it changes without notice. What modules and stores need is
 * in {@link io.cachet.spi}.
 *
 * <h2>Null</h2>
 * As in {@link io.cachet.spi}: {@code null} means absent, no expiry, or not in a request, where a
 * member's documentation says so; everything else is non-null.
 */
package io.cachet.internal;
