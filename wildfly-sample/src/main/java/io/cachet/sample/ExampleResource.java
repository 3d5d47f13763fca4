package io.cachet.sample;

import io.cachet.Cached;
import io.cachet.Cachet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * fastapi-cache's {@code examples/in_memory/main.py}, endpoint for endpoint, as JAX-RS resources on
 * CDI beans. Every cached endpoint answers with {@code ETag}, {@code Cache-Control} and the
 * {@code X-Cachet} HIT/MISS header (the name is {@code cachet.status-header}).
 */
@Path("/")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ExampleResource {
    private final AtomicInteger putRet = new AtomicInteger();

    @Inject
    Counter counter;
    @Inject
    Kwargs kwargs;
    @Inject
    Cachet cachet;

    /** A cached call inside a cached call: {@code {"ret": n}}, the inner call expiring after 1 s. */
    @GET
    @Cached(namespace = "test", expire = 10)
    public Map<String, Integer> index() {
        return Map.of("ret", counter.next());
    }

    /** Clears namespace {@code test}; the count removed (-1 where the store cannot count). */
    @GET
    @Path("clear")
    public long clear() {
        return cachet.clear("test");
    }

    @GET
    @Path("date")
    @Cached(namespace = "test", expire = 10)
    public LocalDate date() {
        return LocalDate.now();
    }

    @GET
    @Path("datetime")
    @Cached(namespace = "test", expire = 2)
    public Map<String, OffsetDateTime> datetime() {
        return Map.of("now", OffsetDateTime.now());
    }

    /** Not an endpoint cache: the bean call is cached, the response has no status header. */
    @GET
    @Path("kwargs")
    public Map<String, String> getKwargs(@QueryParam("name") String name) {
        return kwargs.funcKwargs(name);
    }

    @GET
    @Path("sync-me")
    @Cached(namespace = "test")
    public int syncMe() {
        return 42;
    }

    @GET
    @Path("cache_response_obj")
    @Cached(namespace = "test", expire = 5)
    public Response cacheResponseObj() {
        return Response.ok(Map.of("a", 1)).build();
    }

    @GET
    @Path("pydantic_instance")
    @Cached(namespace = "test", expire = 5)
    public Item pydanticInstance() {
        return new Item("Something", "An instance of a Pydantic model", 10.5, null);
    }

    /** Never cached: PUT is not a cacheable method, so the counter moves on every call. */
    @PUT
    @Path("uncached_put")
    @Cached(namespace = "test", expire = 5)
    public Map<String, Integer> uncachedPut() {
        return Map.of("value", putRet.incrementAndGet());
    }
}
