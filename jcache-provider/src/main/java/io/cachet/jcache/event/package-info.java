/**
 * A cache's entry listeners: registration, filters, synchronous and asynchronous delivery. Not exported: the JSR-107 types are the API.
 *
 * <h2>Null</h2>
 * As JSR-107 says (an absent old value is {@code null}); nothing else here is {@code null}.
 */
package io.cachet.jcache.event;
