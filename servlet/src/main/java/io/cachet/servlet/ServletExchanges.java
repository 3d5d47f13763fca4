package io.cachet.servlet;

import io.cachet.spi.HttpExchange;
import io.cachet.spi.HttpExchanges;

/** The filter binds each request's exchange to its thread; core finds it here (ServiceLoader). */
public final class ServletExchanges implements HttpExchanges {
    static final ThreadLocal<HttpExchange> CURRENT = new ThreadLocal<>();

    @Override
    public HttpExchange current() {
        return CURRENT.get();
    }

    static HttpExchange bind(HttpExchange exchange) {
        HttpExchange previous = CURRENT.get();
        CURRENT.set(exchange);
        return previous;
    }

    static void restore(HttpExchange previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
