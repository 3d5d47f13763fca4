package io.cachet.sample.shapes;

import io.cachet.Cached;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The generic facade that many Jakarta EE applications put under their entity resources. */
@Produces(MediaType.APPLICATION_JSON)
public abstract class Facade<T> {
    private final AtomicInteger computed = new AtomicInteger();

    protected abstract List<T> load();

    @GET
    @Cached(expire = 60)
    public List<T> all() {
        computed.incrementAndGet();
        return load();
    }

    @GET
    @Path("count")
    @Cached(expire = 60)
    public int count() {
        return load().size();
    }

    /** How often {@link #all()} really ran. */
    public int computed() {
        return computed.get();
    }
}
