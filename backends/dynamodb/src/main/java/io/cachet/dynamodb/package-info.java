/**
 * The DynamoDB store, on the AWS SDK v2 async client ({@code cachet.backend=dynamodb}): its backend, its settings and the
 * factory that builds it from {@code cachet.dynamodb.*} properties.
 *
 * <h2>Null</h2>
 * As {@link io.cachet.spi.CacheBackend} says; a settings getter returns {@code null} only where its
 * documentation says what that means (not configured); nothing else here takes or returns
 * {@code null}.
 */
package io.cachet.dynamodb;
