package io.cachet;

import io.cachet.memory.InMemoryBackend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.jboss.weld.junit5.EnableWeld;
import org.junit.jupiter.api.Test;

import java.security.Principal;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The plan rules on the shapes applications write: inherited annotations and methods, request
 * data in fields and parameters, identity parameters. Every request input is in the key or fails
 * the deployment naming it and the fix.
 */
@EnableWeld
class ResourceShapesTest {

    public record User(String name) {
    }

    public record Order(int id) {
    }

    /** A generic facade whose cached method every subclass inherits. */
    public abstract static class Facade<T> {
        final AtomicInteger calls = new AtomicInteger();

        protected abstract List<T> load();

        public int calls() {
            return calls.get();
        }

        @Cached(expire = 60)
        public List<T> all() {
            calls.incrementAndGet();
            return load();
        }
    }

    @ApplicationScoped
    public static class Users extends Facade<User> {
        @Override
        protected List<User> load() {
            return List.of(new User("alice"));
        }
    }

    @ApplicationScoped
    public static class Orders extends Facade<Order> {
        @Override
        protected List<Order> load() {
            return List.of(new Order(7), new Order(8));
        }
    }

    /** Keyed by who calls: a {@code Principal} parameter is rendered as its user. */
    @ApplicationScoped
    public static class Greeter {
        final AtomicInteger calls = new AtomicInteger();

        public int calls() {
            return calls.get();
        }

        @Cached(expire = 60)
        public String hello(Principal caller) {
            calls.incrementAndGet();
            return "hello " + (caller == null ? "nobody" : caller.getName());
        }
    }

    /** An API interface carries the JAX-RS annotations. */
    public interface ReportApi {
        @GET
        @Path("report")
        String report();
    }

    @ApplicationScoped
    public static class Report implements ReportApi {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        @Cached(expire = 60)
        public String report() {
            return "report " + calls.incrementAndGet();
        }
    }

    @WeldSetup
    WeldInitiator weld = Cdi.with(CacheSettings.defaults(), InMemoryBackend.create(), Users.class, Orders.class,
            Greeter.class, Report.class);

    @Inject
    Users users;
    @Inject
    Orders orders;
    @Inject
    Greeter greeter;
    @Inject
    Report report;
    @Inject
    Cachet cachet;

    @Test
    void inheritedCachedMethod_keysEachBeanClassApart_andDecodesItsOwnType() throws Exception {
        assertEquals(List.of(new User("alice")), users.all());
        assertEquals(List.of(new Order(7), new Order(8)), orders.all(), "orders are never answered with users");
        List<User> hit = users.all();
        assertInstanceOf(User.class, hit.get(0), "List<T> resolved to List<User> on a hit");
        assertInstanceOf(Order.class, orders.all().get(1));
        assertEquals(1, users.calls());
        assertEquals(1, orders.calls());
        assertTrue(cachet.evict(Users.class, "all"));
        users.all();
        assertEquals(2, users.calls());
        assertEquals(1, orders.calls(), "evicting the users' entry leaves the orders'");
        IllegalArgumentException ambiguous = assertThrows(IllegalArgumentException.class,
                () -> cachet.keyOf(Facade.class.getMethod("all")));
        assertTrue(ambiguous.getMessage().contains("inherited by 2 bean classes"), ambiguous.getMessage());
    }

    @Test
    void principalParameter_keysPerUser() {
        assertEquals("hello alice", greeter.hello(() -> "alice"));
        assertEquals("hello bob", greeter.hello(() -> "bob"));
        assertEquals("hello alice", greeter.hello(() -> "alice"));
        assertEquals("hello nobody", greeter.hello(null));
        assertEquals(3, greeter.calls());
    }

    @Test
    void annotationsOnAnInterface_makeAResourceMethod_neverCachedOutsideItsRequest() {
        assertEquals("report 1", report.report());
        assertEquals("report 2", report.report(), "no request to scope it by: not cached unscoped");
    }

    // ---- deployments that must fail, naming the input and the fix ----

    @RequestScoped
    @Path("tenant")
    public static class HeaderField {
        @HeaderParam("X-Tenant")
        String tenant;

        @GET
        @Cached
        public String value() {
            return tenant;
        }
    }

    @RequestScoped
    @Path("tenant")
    public static class DeclaredHeaderField {
        @HeaderParam("X-Tenant")
        String tenant;
        @PathParam("id")
        String id;
        @QueryParam("q")
        String query;
        @Context
        UriInfo uri;
        @Context
        SecurityContext security;

        @GET
        @Cached(vary = "x-tenant")
        public String value() {
            return tenant;
        }
    }

    @RequestScoped
    @Path("headers")
    public static class HeadersField {
        @Context
        HttpHeaders headers;

        @GET
        @Cached
        public String value() {
            return headers.getHeaderString("X-Anything");
        }
    }

    @RequestScoped
    @Path("cookie")
    public static class CookieField {
        @CookieParam("theme")
        String theme;

        @GET
        @Cached
        public String value() {
            return theme;
        }
    }

    @RequestScoped
    @Path("cookie")
    public static class PerUserCookieField {
        @CookieParam("theme")
        String theme;

        @GET
        @Cached(perUser = true)
        public String value() {
            return theme;
        }
    }

    public static class Filters {
        @HeaderParam("X-Region")
        String region;
    }

    @RequestScoped
    @Path("bean")
    public static class BeanParamField {
        @BeanParam
        Filters filters;

        @GET
        @Cached
        public String value() {
            return filters.region;
        }
    }

    @ApplicationScoped
    @Path("param")
    public static class HeadersParameter {
        @GET
        @Cached
        public String value(@Context HttpHeaders headers) {
            return headers.getHeaderString("X-Anything");
        }
    }

    @ApplicationScoped
    @Path("param")
    public static class HeaderLeftOutByCacheKey {
        @GET
        @Cached
        public String value(@CacheKey @QueryParam("q") String query, @HeaderParam("X-Tenant") String tenant) {
            return query + tenant;
        }
    }

    @ApplicationScoped
    @Path("both")
    public static class SharedAndPerUser {
        @GET
        @Cached(shared = true, perUser = true)
        public String value() {
            return "v";
        }
    }

    @ApplicationScoped
    @Path("shared")
    public static class SharedWithAUser {
        @GET
        @Cached(shared = true)
        public String value(@Context SecurityContext security) {
            return "v";
        }
    }

    @Test
    void headerParamField_withoutVary_failsNamingTheFieldAndTheFix() {
        assertDeploymentFails(HeaderField.class, "HeaderField.value()", "field 'tenant'", "X-Tenant",
                "vary = \"X-Tenant\"", "perUser = true", "shared = true");
    }

    @Test
    void fieldsCoveredByTheKey_orDeclared_deploy() {
        try (WeldContainer container = Cdi.weld(DeclaredHeaderField.class, PerUserCookieField.class).initialize()) {
            assertTrue(container.isRunning());
        }
    }

    @Test
    void contextHttpHeadersField_failsNamingIt() {
        assertDeploymentFails(HeadersField.class, "HeadersField.value()", "field 'headers'", "@Context HttpHeaders",
                "vary");
    }

    @Test
    void cookieParamField_failsNamingIt() {
        assertDeploymentFails(CookieField.class, "field 'theme'", "@CookieParam(\"theme\")");
    }

    @Test
    void headerInsideABeanParam_failsNamingThePath() {
        assertDeploymentFails(BeanParamField.class, "field 'filters'", "@BeanParam", "field 'region'", "X-Region");
    }

    @Test
    void httpHeadersParameter_failsNamingTheParameter() {
        assertDeploymentFails(HeadersParameter.class, "HeadersParameter.value(HttpHeaders)",
                "parameter 'headers' (HttpHeaders)", "perUser = true");
    }

    @Test
    void headerParameterLeftOutOfTheKey_fails() {
        assertDeploymentFails(HeaderLeftOutByCacheKey.class, "parameter 'tenant'", "X-Tenant", "@CacheKey");
    }

    @Test
    void sharedAndPerUser_contradict() {
        assertDeploymentFails(SharedAndPerUser.class, "shared = true and perUser = true");
    }

    @Test
    void sharedWithAnIdentityParameter_contradict() {
        assertDeploymentFails(SharedWithAUser.class, "parameter 'security' (SecurityContext)", "per user");
    }

    /** What a filter read from {@code X-Tenant-ID}, as multi-tenant applications keep it. */
    @RequestScoped
    public static class TenantContext {
        String tenant = "none";
    }

    /** An application-scoped service that reads the tenant. */
    @ApplicationScoped
    public static class Catalogue {
        @Inject
        TenantContext context;

        String items() {
            return "items of " + context.tenant;
        }
    }

    @RequestScoped
    @Path("tenant")
    public static class TenantField {
        @Inject
        TenantContext context;

        @GET
        @Cached
        public String value() {
            return context.tenant;
        }
    }

    @RequestScoped
    @Path("catalogue")
    public static class CatalogueThroughAConstructor {
        private final Catalogue catalogue;

        @Inject
        public CatalogueThroughAConstructor(Catalogue catalogue) {
            this.catalogue = catalogue;
        }

        CatalogueThroughAConstructor() {
            this(null); // the proxy's
        }

        @GET
        @Cached
        public String value() {
            return catalogue.items();
        }
    }

    @RequestScoped
    @Path("tenant-declared")
    public static class TenantDeclared {
        @Inject
        jakarta.inject.Provider<Catalogue> catalogue;

        @GET
        @Cached(vary = "X-Tenant-ID")
        public String byHeader() {
            return catalogue.get().items();
        }

        @GET
        @Cached(shared = true)
        public String same() {
            return "the same for every tenant";
        }
    }

    @RequestScoped
    @Path("service")
    public static class PlainService {
        @Inject
        Greeter greeter;

        @GET
        @Cached
        public String value() {
            return "plain";
        }
    }

    @Test
    void requestScopedApplicationBean_injected_failsNamingItAndTheFix() {
        assertDeploymentFails(new Class<?>[] {TenantField.class, TenantContext.class}, "TenantField.value()",
                "field 'context' of " + TenantField.class.getName(), "a request-scoped bean",
                "vary = {...}", "perUser = true", "shared = true");
    }

    @Test
    void requestScopedApplicationBean_behindAServiceAndAConstructor_failsNamingThePath() {
        assertDeploymentFails(new Class<?>[] {CatalogueThroughAConstructor.class, Catalogue.class, TenantContext.class},
                "constructor of " + CatalogueThroughAConstructor.class.getName() + " (Catalogue) -> field 'context' of "
                        + Catalogue.class.getName() + " (TenantContext), a request-scoped bean");
    }

    @Test
    void requestScopedDependencies_declared_orNone_deploy() {
        try (WeldContainer container = Cdi.weld(TenantDeclared.class, Catalogue.class, TenantContext.class,
                PlainService.class, Greeter.class).initialize()) {
            assertTrue(container.isRunning());
        }
    }

    private static void assertDeploymentFails(Class<?> bean, String... fragments) {
        assertDeploymentFails(new Class<?>[] {bean}, fragments);
    }

    private static void assertDeploymentFails(Class<?>[] beans, String... fragments) {
        Weld weld = Cdi.weld(beans);
        RuntimeException failure = assertThrows(RuntimeException.class, () -> {
            try (WeldContainer container = weld.initialize()) {
                fail("deployment should have failed");
            }
        });
        StringBuilder message = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            message.append(t.getMessage()).append('\n');
            for (Throwable suppressed : t.getSuppressed()) {
                message.append(suppressed.getMessage()).append('\n');
            }
        }
        for (String fragment : fragments) {
            assertTrue(message.toString().contains(fragment), "expected '" + fragment + "' in: " + message);
        }
    }
}
