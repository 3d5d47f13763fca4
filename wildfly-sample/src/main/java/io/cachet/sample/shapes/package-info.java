/**
 * Resources written the way JAX-RS applications commonly write them, so the end-to-end tests
 * prove the HTTP cache on those shapes: annotations on an interface, request data in fields, a
 * generic facade, users known by a token filter, a session or a cookie, an application-set
 * {@code Vary} and {@code Cache-Control}, and plain servlets cached as whole responses.
 */
package io.cachet.sample.shapes;
