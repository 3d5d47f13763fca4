package io.cachet.servlet;

import io.cachet.CacheException;
import io.cachet.CacheStats;
import io.cachet.Cachet;
import io.cachet.StoreState;
import io.cachet.spi.Properties;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.lang.reflect.RecordComponent;

/**
 * The management endpoint, off by default ({@code cachet.management.enabled=true} turns it on, as a
 * property or a servlet context parameter): statistics per namespace, the stores and their circuit
 * state, clearing a namespace, invalidating a tag. Every call needs a user in
 * {@code cachet.management.role} (default {@code cachet-admin}): anonymous calls get 401, other
 * users 403; protect it with a security constraint as well, on {@code cachet/*} under the
 * application's {@code @ApplicationPath} ({@code /api/cachet/*} for {@code @ApplicationPath("/api")},
 * {@code /cachet/*} for {@code "/"}): the resource lives there, like every other. The {@code POST} calls
 * also need an {@code X-Requested-By} header (any value), which a cross-site form cannot send, so
 * a browser holding an operator's credentials cannot be made to clear a namespace. Found by the server's
 * resource scanning, like {@link CachetFeature}; an {@code Application} that lists its classes must
 * list this one to have it.
 *
 * <pre>
 * GET  /cachet/stats                      every namespace's counts, and the total
 * GET  /cachet/stats/{namespace}          one namespace's ("_" for the default namespace)
 * GET  /cachet/stores                     each store: backend, circuit, counts
 * POST /cachet/clear?namespace=items      removes a namespace's entries ("" or absent: the default)
 * POST /cachet/invalidate?tag=product:42  makes every entry with the tag a miss
 * </pre>
 */
@Path("cachet")
@Produces(MediaType.APPLICATION_JSON)
public class CachetManagement {
    static final String ENABLED = "cachet.management.enabled";
    static final String ROLE = "cachet.management.role";

    @Context
    SecurityContext security;
    @Context
    ServletContext servletContext;
    @Context
    jakarta.ws.rs.core.HttpHeaders headers;

    /** The header a changing call must carry (CSRF protection: a cross-site form cannot set it). */
    static final String REQUESTED_BY = "X-Requested-By";

    @GET
    @Path("stats")
    public Response stats() {
        return guarded(cachet -> {
            StringBuilder json = new StringBuilder("{\"namespaces\":{");
            boolean first = true;
            for (String namespace : cachet.namespaces()) {
                json.append(first ? "" : ",").append(quote(namespace)).append(':');
                stats(json, cachet.stats(namespace));
                first = false;
            }
            json.append("},\"total\":");
            stats(json, cachet.stats());
            return json.append('}').toString();
        });
    }

    @GET
    @Path("stats/{namespace}")
    public Response stats(@PathParam("namespace") String namespace) {
        String name = namespace.equals("_") ? "" : namespace;
        return guarded(cachet -> {
            if (!cachet.namespaces().contains(name)) {
                throw new jakarta.ws.rs.NotFoundException("no namespace " + name);
            }
            StringBuilder json = new StringBuilder();
            stats(json, cachet.stats(name));
            return json.toString();
        });
    }

    @GET
    @Path("stores")
    public Response stores() {
        return guarded(cachet -> {
            StringBuilder json = new StringBuilder("[");
            boolean first = true;
            for (StoreState store : cachet.stores()) {
                json.append(first ? "" : ",").append("{\"name\":").append(quote(store.name()))
                        .append(",\"backend\":").append(quote(store.backend()))
                        .append(",\"circuit\":").append(quote(store.available() ? "closed" : "open"))
                        .append(",\"stats\":");
                stats(json, store.stats());
                if (store.near() != null) {
                    StoreState.Near near = store.near();
                    json.append(",\"near\":{\"serving\":").append(near.serving()).append(",\"hits\":").append(near.hits())
                            .append(",\"misses\":").append(near.misses()).append(",\"repairs\":").append(near.repairs())
                            .append(",\"size\":").append(near.size()).append(",\"peers\":").append(near.peers()).append('}');
                }
                json.append('}');
                first = false;
            }
            return json.append(']').toString();
        });
    }

    @POST
    @Path("clear")
    public Response clear(@QueryParam("namespace") String namespace) {
        return changing(cachet -> "{\"namespace\":" + quote(namespace == null ? "" : namespace) + ",\"removed\":"
                + cachet.clear(namespace == null ? "" : namespace) + "}");
    }

    @POST
    @Path("invalidate")
    public Response invalidate(@QueryParam("tag") String tag) {
        if (tag == null || tag.isEmpty()) {
            return changing(cachet -> {
                throw new IllegalArgumentException("name the tag: POST /cachet/invalidate?tag=product:42");
            });
        }
        return changing(cachet -> {
            cachet.invalidateTag(tag);
            return "{\"tag\":" + quote(tag) + ",\"invalidated\":true}";
        });
    }

    /** Checks the management settings at start-up, naming a bad one. */
    static void validate(Properties properties) {
        enabled(properties);
        role(properties);
    }

    private static boolean enabled(Properties properties) {
        return properties.bool(ENABLED).orElse(false);
    }

    private static String role(Properties properties) {
        return properties.parsed(ROLE, "one role name, without whitespace", value -> {
            if (value.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException();
            }
            return value;
        }).orElse("cachet-admin");
    }

    /** A call that changes the cache: it also needs {@link #REQUESTED_BY}. */
    private Response changing(java.util.function.Function<Cachet, String> call) {
        return guarded(cachet -> {
            String requestedBy = headers == null ? null : headers.getHeaderString(REQUESTED_BY);
            if (requestedBy == null || requestedBy.isBlank()) {
                throw new jakarta.ws.rs.ForbiddenException(Response.status(Response.Status.FORBIDDEN)
                        .entity("{\"error\":\"send an " + REQUESTED_BY + " header with a changing call\"}")
                        .type(MediaType.APPLICATION_JSON).header("Cache-Control", "no-store").build());
            }
            return call.apply(cachet);
        });
    }

    /** Runs a call for an allowed user; 404 while off, 401 anonymous, 403 without the role, 503 if a store failed. */
    private Response guarded(java.util.function.Function<Cachet, String> call) {
        Properties settings = Properties.configured(name -> servletContext == null ? null
                : servletContext.getInitParameter(name));
        if (!enabled(settings)) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        String role = role(settings);
        if (security == null || security.getUserPrincipal() == null) {
            return Response.status(Response.Status.UNAUTHORIZED).header("WWW-Authenticate", "Basic realm=\"cachet\"")
                    .cacheControl(noStore()).build();
        }
        if (!security.isUserInRole(role)) {
            return Response.status(Response.Status.FORBIDDEN).cacheControl(noStore()).build();
        }
        Cachet cachet = CDI.current().select(Cachet.class).get();
        try {
            return Response.ok(call.apply(cachet)).cacheControl(noStore()).build();
        } catch (CacheException e) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity("{\"error\":" + quote(e.getMessage()) + "}")
                    .cacheControl(noStore()).build();
        } catch (jakarta.ws.rs.WebApplicationException e) {
            return e.getResponse();
        } catch (IllegalArgumentException e) {
            return Response.status(Response.Status.BAD_REQUEST).entity("{\"error\":" + quote(e.getMessage()) + "}")
                    .cacheControl(noStore()).build();
        }
    }

    private static CacheControl noStore() {
        CacheControl control = new CacheControl();
        control.setNoTransform(false);
        control.setNoStore(true);
        return control;
    }

    private static void stats(StringBuilder json, CacheStats stats) {
        json.append('{');
        RecordComponent[] components = CacheStats.class.getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            try {
                json.append(i == 0 ? "" : ",").append(quote(components[i].getName())).append(':')
                        .append(components[i].getAccessor().invoke(stats));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        json.append('}');
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
