package io.cachet.sample.shapes;

import io.cachet.Cached;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Served stale (RFC 5861): {@code value} is fresh for 1 s, then answered {@code STALE} for 60 s
 * while one request refreshes it; {@code fallible} answers stale for 60 s when it fails. The POST
 * endpoints let a test hold the next computation, and make {@code fallible} fail.
 */
@Path("/shapes/stale")
@Produces(MediaType.TEXT_PLAIN)
@ApplicationScoped
public class Stale {
    private final AtomicInteger versions = new AtomicInteger();
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private volatile CountDownLatch entered = new CountDownLatch(0);
    private volatile boolean failing;

    @GET
    @Path("value/{name}")
    @Cached(expire = 1, staleWhileRevalidate = 60)
    public String value(@PathParam("name") String name) throws InterruptedException {
        entered.countDown();
        if (!hold.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("held for too long");
        }
        return name + " v" + versions.incrementAndGet();
    }

    @GET
    @Path("fallible/{name}")
    @Cached(expire = 1, staleIfError = 60)
    public String fallible(@PathParam("name") String name) {
        if (failing) {
            throw new IllegalStateException("the database is down");
        }
        return name + " v" + versions.incrementAndGet();
    }

    /** The next computation of {@code value} waits until {@link #release}. */
    @POST
    @Path("hold")
    public void hold() {
        entered = new CountDownLatch(1);
        hold = new CountDownLatch(1);
    }

    /** Whether a held computation has started. */
    @GET
    @Path("entered")
    public String entered() {
        return Boolean.toString(entered.getCount() == 0);
    }

    @POST
    @Path("release")
    public void release() {
        hold.countDown();
    }

    @POST
    @Path("failing/{on}")
    public void failing(@PathParam("on") boolean on) {
        failing = on;
    }
}
