/**
 * The in-memory store, bounded by entries and bytes ({@code cachet.backend=memory}, the default).
 *
 * <h2>Null</h2>
 * As {@link io.cachet.spi.CacheBackend} says; nothing else here takes or returns {@code null}.
 */
package io.cachet.memory;
