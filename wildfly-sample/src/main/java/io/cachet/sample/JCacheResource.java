package io.cachet.sample;

import io.cachet.jcache.CachetCachingProvider;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import java.net.URI;
import java.util.Map;

/**
 * The same store through the standard JCache API and the standard {@code @CacheResult}: the
 * cache manager {@code cachet:cdi} is the store {@code @Cached} uses (memory, Redis, ...).
 */
@Path("jcache")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class JCacheResource {
    private Cache<String, String> notes;

    @Inject
    Greeter greeter;

    @PostConstruct
    void open() {
        CacheManager manager = Caching.getCachingProvider(CachetCachingProvider.class.getName())
                .getCacheManager(URI.create("cachet:cdi"), getClass().getClassLoader());
        Cache<String, String> existing = manager.getCache("notes", String.class, String.class);
        notes = existing != null ? existing
                : manager.createCache("notes", new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    }

    @PUT
    @Path("notes/{key}")
    public Map<String, String> put(@PathParam("key") String key, String text) {
        notes.put(key, text);
        return Map.of(key, text);
    }

    @GET
    @Path("notes/{key}")
    public Response get(@PathParam("key") String key) {
        String text = notes.get(key);
        return text == null ? Response.status(404).build() : Response.ok(Map.of(key, text)).build();
    }

    /** {@code @CacheResult} on a bean: the greeting is computed once per name. */
    @GET
    @Path("greeting/{name}")
    public Map<String, String> greeting(@PathParam("name") String name) {
        return greeter.greet(name);
    }
}
