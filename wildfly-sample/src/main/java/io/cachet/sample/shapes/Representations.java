package io.cachet.sample.shapes;

import io.cachet.Cached;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One cached endpoint per kind of body: a hit must answer byte for byte what the miss answered,
 * whatever wrote it. Each body carries a counter, so a recomputation would show.
 */
@Path("/shapes/repr")
@ApplicationScoped
public class Representations {
    private final AtomicInteger computed = new AtomicInteger();

    @GET
    @Path("jsonb")
    @Produces(MediaType.APPLICATION_JSON)
    @Cached(expire = 60)
    public Profile jsonb() {
        return new Profile("Ada", computed.incrementAndGet());
    }

    @GET
    @Path("snake")
    @Produces(MediaType.APPLICATION_JSON)
    @Cached(expire = 60)
    public Snake snake() {
        return new Snake("Ada", computed.incrementAndGet());
    }

    @GET
    @Path("snake-response")
    @Produces(MediaType.APPLICATION_JSON)
    @Cached(expire = 60)
    public Response snakeResponse() {
        return Response.ok(new Snake("Grace", computed.incrementAndGet())).header("X-Kind", "snake").build();
    }

    @GET
    @Path("jackson")
    @Produces(MediaType.APPLICATION_JSON)
    @Cached(expire = 60)
    public JacksonDoc jackson() {
        return new JacksonDoc(computed.incrementAndGet(), "through Jackson");
    }

    @GET
    @Path("xml")
    @Produces(MediaType.APPLICATION_XML)
    @Cached(expire = 60)
    public Note xml() {
        return new Note(computed.incrementAndGet(), "through JAXB");
    }

    /** A {@code Response} without an explicit media type: the method's {@code @Produces} decides. */
    @GET
    @Path("xml-response")
    @Produces(MediaType.APPLICATION_XML)
    @Cached(expire = 60)
    public Response xmlResponse() {
        return Response.ok(new Note(computed.incrementAndGet(), "a Response")).build();
    }

    @GET
    @Path("text")
    @Produces(MediaType.TEXT_PLAIN)
    @Cached(expire = 60)
    public String text() {
        return "plain text " + computed.incrementAndGet();
    }

    @GET
    @Path("async")
    @Produces(MediaType.APPLICATION_JSON)
    @Cached(expire = 60)
    public CompletionStage<Profile> async() {
        return CompletableFuture.supplyAsync(() -> new Profile("Async", computed.incrementAndGet()));
    }

    /** Not cached: what serving the same JSON costs without Cachet (the benchmark's baseline). */
    @GET
    @Path("uncached")
    @Produces(MediaType.APPLICATION_JSON)
    public Profile uncached() {
        return new Profile("Ada", 1);
    }

    /** Insertion order, which a decode-and-re-encode hit would not keep. */
    @GET
    @Path("map")
    @Produces(MediaType.APPLICATION_JSON)
    @Cached(expire = 60)
    public Map<String, Integer> map() {
        Map<String, Integer> ordered = new LinkedHashMap<>();
        ordered.put("zeta", computed.incrementAndGet());
        ordered.put("alpha", 1);
        ordered.put("mid", 2);
        return ordered;
    }
}
