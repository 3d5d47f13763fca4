package io.cachet.spi;

/**
 * Finds the HTTP exchange of the current thread; the servlet module provides one through
 * {@link java.util.ServiceLoader}. Without it, {@code @Cached} knows nothing of HTTP.
 */
public interface HttpExchanges {

    /** The exchange the current thread is serving, or {@code null} outside an HTTP request. */
    HttpExchange current();
}
