/**
 * What a store's module tests itself with: the contract suites every backend passes
 * ({@link io.cachet.testkit.BackendContractTest}, {@link io.cachet.testkit.CachedContractTest} and
 * the two-node contracts), Weld wiring for tests ({@link io.cachet.testkit.CachetWeld},
 * {@link io.cachet.testkit.CachetWeldTest}), a {@link io.cachet.testkit.ManualClock}, and
 * {@link io.cachet.testkit.Await}.
 *
 * <h2>Null</h2>
 * Only where documented: a {@code null} settings or store given to {@link io.cachet.testkit.CachetWeld}
 * leaves it to configuration.
 */
package io.cachet.testkit;
