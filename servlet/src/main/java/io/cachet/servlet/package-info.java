/**
 * HTTP caching for JAX-RS resource methods and servlet responses: the {@link
 * io.cachet.servlet.CachetFilter} ({@code ETag}, {@code Cache-Control}, 304, per-user entries,
 * whole responses by URL pattern), its {@link io.cachet.servlet.HttpCacheSettings}, the JAX-RS
 * feature, and the management endpoint.
 *
 * <h2>Null</h2>
 * Nothing here takes or returns {@code null} unless its documentation says what it means there;
 * an unset setting has its documented default, never {@code null}.
 */
package io.cachet.servlet;
