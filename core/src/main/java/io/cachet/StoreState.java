package io.cachet;

/**
 * One store as operators see it.
 *
 * @param name {@code default}, or the reference namespaces name it by ({@code cachet.namespaces.<ns>.backend})
 * @param backend the store's kind: {@code memory}, {@code redis}...
 * @param available whether the circuit breaker lets calls through (it opens after repeated failures)
 * @param stats the store's own counts (failures, rejections, corrupt and oversized entries, tag invalidations)
 */
public record StoreState(String name, String backend, boolean available, CacheStats stats) {
}
