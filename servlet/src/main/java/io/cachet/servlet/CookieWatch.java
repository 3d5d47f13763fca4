package io.cachet.servlet;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Notes cookies added to the response: containers such as Undertow keep them out of the headers
 * until the response is committed, and a response that sets one is never stored.
 */
final class CookieWatch extends HttpServletResponseWrapper {
    private volatile boolean added;

    CookieWatch(HttpServletResponse response) {
        super(response);
    }

    @Override
    public void addCookie(Cookie cookie) {
        added = true;
        super.addCookie(cookie);
    }

    boolean added() {
        return added;
    }
}
