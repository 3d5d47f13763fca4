package io.cachet.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/** A servlet that knows nothing of Cachet; whole-response caching covers it by URL pattern. */
public class PlainServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int call = CALLS.incrementAndGet();
        String uri = request.getRequestURI();
        if (uri.endsWith("/async") || uri.endsWith("/async-done-first")) {
            jakarta.servlet.AsyncContext async = request.startAsync();
            java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
            new Thread(() -> {
                try {
                    async.getResponse().setContentType("text/plain;charset=UTF-8");
                    async.getResponse().getWriter().write("async response " + call);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } finally {
                    async.complete();
                    written.countDown();
                }
            }).start();
            if (uri.endsWith("/async-done-first")) {
                try {
                    written.await(); // the asynchronous work completes before the filter chain returns
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return;
        }
        if (uri.endsWith("/vary")) {
            response.setHeader("Vary", "Accept-Language");
        }
        if (uri.endsWith("/no-store")) {
            response.addHeader("Cache-Control", "public");
            response.addHeader("Cache-Control", "no-store");
        }
        if (request.getRequestURI().endsWith("/cookie")) {
            response.addHeader("Set-Cookie", "session=" + call);
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.setHeader("X-App", "plain");
        response.getWriter().write("plain response " + call + " for " + request.getRequestURI() + " in "
                + request.getHeader("Accept-Language"));
    }
}
