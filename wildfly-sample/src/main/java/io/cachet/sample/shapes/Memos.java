package io.cachet.sample.shapes;

import io.cachet.Cached;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A plain read-write resource: cached reads, and writes to the same URIs (PUT, DELETE, a POST that
 * answers {@code Location}), which make the stored answers of those URIs misses. {@code frozen}
 * keeps its entries through writes ({@code invalidateOnWrite = false}).
 */
@Path("/shapes/memos")
@Produces(MediaType.TEXT_PLAIN)
@Consumes(MediaType.TEXT_PLAIN)
@ApplicationScoped
public class Memos {
    private final Map<String, String> memos = new ConcurrentHashMap<>();

    @GET
    @Cached(expire = 300)
    public String list() {
        return String.join(",", new TreeMap<>(memos).keySet());
    }

    @GET
    @Path("{id}")
    @Cached(expire = 300)
    public Response read(@PathParam("id") String id) {
        String text = memos.get(id);
        return text == null ? Response.status(404).build() : Response.ok(text).build();
    }

    @PUT
    @Path("{id}")
    public Response write(@PathParam("id") String id, String text) {
        if (text == null || text.isBlank()) {
            return Response.status(400).entity("a memo needs text").build();
        }
        memos.put(id, text);
        return Response.noContent().build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        return memos.remove(id) == null ? Response.status(404).build() : Response.noContent().build();
    }

    /** {@code id:text}: creates or replaces that memo, answered with its {@code Location}. */
    @POST
    public Response post(String body) {
        int colon = body == null ? -1 : body.indexOf(':');
        if (colon <= 0) {
            return Response.status(400).entity("id:text").build();
        }
        String id = body.substring(0, colon);
        memos.put(id, body.substring(colon + 1));
        return Response.created(UriBuilder.fromResource(Memos.class).path(id).build()).build();
    }

    @GET
    @Path("frozen/{id}")
    @Cached(expire = 300, invalidateOnWrite = false)
    public String frozen(@PathParam("id") String id) {
        return String.valueOf(memos.get(id));
    }

    @PUT
    @Path("frozen/{id}")
    public Response writeFrozen(@PathParam("id") String id, String text) {
        memos.put(id, text);
        return Response.noContent().build();
    }
}
