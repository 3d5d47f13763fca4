/**
 * Real test servers on loopback, started and stopped by the tests: redis-server (alone, a Cluster,
 * Sentinel), memcached, dynalite, and a fault-injecting TCP proxy.
 *
 * <h2>Null</h2>
 * Nothing here takes or returns {@code null}.
 */
package io.cachet.testkit.servers;
