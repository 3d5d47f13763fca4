package io.cachet.sample.shapes;

import io.cachet.Cached;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.concurrent.atomic.AtomicInteger;

/** Tagged entries: the CDN gets the tags in {@code Surrogate-Key}; {@code Cachet.invalidateTag} purges them. */
@Path("/shapes/product/{id}")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class Products {
    private final AtomicInteger version = new AtomicInteger();

    /** A product, rendered afresh on each computation (its version counts them). */
    public record Product(long id, int version) {
    }

    @GET
    @Cached(expire = 600, namespace = "products", tags = {"product:{id}", "catalog"})
    public Product product(@PathParam("id") long id) {
        return new Product(id, version.incrementAndGet());
    }
}
