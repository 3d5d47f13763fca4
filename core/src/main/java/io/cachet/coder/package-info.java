/**
 * The {@link io.cachet.Coder}s Cachet ships: JSON-B ({@link io.cachet.coder.JsonCoder}, the
 * default) and Java serialization behind an allow-list ({@link io.cachet.coder.SerializationCoder}).
 *
 * <h2>Null</h2>
 * A coder encodes a {@code null} value, and decodes it back to {@code null}; nothing else here
 * takes or returns {@code null}.
 */
package io.cachet.coder;
