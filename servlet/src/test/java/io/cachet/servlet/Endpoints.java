package io.cachet.servlet;

import io.cachet.CacheKey;
import io.cachet.Cached;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** JAX-RS resources under test; every method counts its calls. */
@Path("/")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class Endpoints {
    public record Item(String id, int version) {
    }

    /** Written only by {@link CountingWriter}. */
    public record Counted(int value) {
    }

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    @Inject
    Inner inner;
    @Inject
    Endpoints self;

    public int calls(String name) {
        return calls.computeIfAbsent(name, n -> new AtomicInteger()).get();
    }

    public void reset() {
        calls.clear();
    }

    private int count(String name) {
        return calls.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
    }

    @GET
    @Path("item/{id}")
    @Cached(expire = 60, namespace = "items")
    public Item item(@PathParam("id") String id) {
        return new Item(id, count("item"));
    }

    @GET
    @Path("product/{id}")
    @Cached(expire = 60, namespace = "items", tags = {"product:{id}", "catalog"})
    public Item product(@PathParam("id") String id) {
        return new Item(id, count("product"));
    }

    /** Holds the next {@link #stale} call until {@link #RELEASE} counts down; {@link #ENTERED} says it started. */
    static volatile java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(0);
    static volatile java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(0);
    static volatile boolean failing;

    @GET
    @Path("stale")
    @Cached(expire = 5, staleWhileRevalidate = 60, staleIfError = 120)
    public Item stale() throws InterruptedException {
        entered.countDown();
        if (!release.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test did not release the call");
        }
        if (failing) {
            throw new IllegalStateException("the database is down");
        }
        return new Item("stale", count("stale"));
    }

    @GET
    @Path("forever")
    @Cached
    public Item forever() {
        return new Item("forever", count("forever"));
    }

    @GET
    @Path("response")
    @Cached(expire = 5)
    public Response response() {
        count("response");
        return Response.status(203).entity(Map.of("a", 1)).header("X-Custom", "kept").build();
    }

    @GET
    @Path("error")
    @Cached(expire = 5)
    public Response error() {
        count("error");
        return Response.status(503).entity("try later").type(MediaType.TEXT_PLAIN).build();
    }

    @GET
    @Path("throws")
    @Cached(expire = 5)
    public String throwing() {
        count("throws");
        throw new WebApplicationException("boom", 500);
    }

    @GET
    @Path("whoami")
    @Cached(expire = 60, perUser = true)
    public String whoami(@CacheKey @QueryParam("x") String x, @Context HttpHeaders headers) {
        count("whoami");
        return "\"" + headers.getHeaderString("Authorization") + "\"";
    }

    @GET
    @Path("public")
    @Cached(expire = 60, shared = true)
    public Item everyone() {
        return new Item("public", count("public"));
    }

    @GET
    @Path("greeting")
    @Cached(expire = 60, vary = "Accept-Language")
    public String greeting(@CacheKey @QueryParam("x") String x, @Context HttpHeaders headers) {
        count("greeting");
        return "\"" + headers.getHeaderString("Accept-Language") + "\"";
    }

    @POST
    @Path("post")
    @Cached(expire = 60)
    public Item post(String body) {
        return new Item(body, count("post"));
    }

    @GET
    @Path("nested")
    @Cached(expire = 10, namespace = "test")
    public Map<String, Integer> nested() {
        count("nested");
        return Map.of("inner", inner.value());
    }

    @GET
    @Path("counted")
    @Produces("application/x-counted")
    @Cached(expire = 60)
    public Counted counted() {
        return new Counted(count("counted"));
    }

    @GET
    @Path("text")
    @Produces(MediaType.TEXT_PLAIN)
    @Cached(expire = 60)
    public String text() {
        return "text " + count("text");
    }

    @GET
    @Path("async/{id}")
    @Cached(expire = 60)
    public java.util.concurrent.CompletionStage<Item> async(@PathParam("id") String id) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> new Item(id, count("async")));
    }

    @GET
    @Path("map")
    @Cached(expire = 60)
    public Map<String, Integer> map() {
        Map<String, Integer> ordered = new java.util.LinkedHashMap<>();
        ordered.put("zeta", count("map"));
        ordered.put("alpha", 2);
        ordered.put("mid", 3);
        return ordered;
    }

    @GET
    @Path("search")
    @Produces(MediaType.TEXT_PLAIN)
    @Cached(expire = 60)
    public String search(@Context jakarta.ws.rs.core.UriInfo uri) {
        count("search");
        return "results for " + uri.getQueryParameters().getFirst("q");
    }

    /** Not cached: calls {@link #search} as a bean, with its own request's URL. */
    @GET
    @Path("outer-search")
    @Produces(MediaType.TEXT_PLAIN)
    public String outerSearch(@Context jakarta.ws.rs.core.UriInfo uri) {
        return self.search(uri);
    }

    @GET
    @Path("negotiated")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @Cached(expire = 60)
    public String negotiated() {
        return "n" + count("negotiated");
    }

    @GET
    @Path("revalidated")
    @Cached(expire = 60)
    public Response revalidated() {
        return Response.ok("r" + count("revalidated"), MediaType.TEXT_PLAIN_TYPE).header("Cache-Control", "no-cache")
                .build();
    }

    /** A plain bean, not an endpoint: no HTTP headers for its own caching. */
    @ApplicationScoped
    public static class Inner {
        private final AtomicInteger calls = new AtomicInteger();

        @Cached(expire = 60, namespace = "inner")
        public int value() {
            return calls.incrementAndGet();
        }
    }
}
