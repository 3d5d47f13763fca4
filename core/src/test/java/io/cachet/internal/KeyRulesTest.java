package io.cachet.internal;

import io.cachet.CacheKey;
import io.cachet.CacheSettings;
import io.cachet.Cached;
import io.cachet.KeyBuilder;
import io.cachet.memory.InMemoryBackend;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Providers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.security.Principal;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One test for each numbered key rule on {@link Cached}, in its order, against the plan the
 * deployment builds ({@link PlanBuilder}). Rules 20 and 21 act at call time: the servlet module's
 * {@code HttpCachingContract} ({@code credentials_areKeyedPerUser_andPrivate},
 * {@code sharedEndpoint_isCachedOnceForEveryone_andPublic},
 * {@code outsideAnHttpRequest_aResourceMethodRunsUncached}) and {@code KeyBuilderTest} test them.
 */
class KeyRulesTest {
    private final Namespaces namespaces = Namespaces.of(CacheSettings.defaults(), InMemoryBackend.create());
    private final PlanBuilder builder = new PlanBuilder(namespaces::get, Instances::reflective);

    @AfterEach
    void close() {
        namespaces.close();
    }

    private MethodPlan plan(Class<?> bean, String name) {
        for (Class<?> type = bean; type != null; type = type.getSuperclass()) {
            for (Method method : type.getDeclaredMethods()) {
                if (method.getName().equals(name) && method.isAnnotationPresent(Cached.class)) {
                    return builder.build(bean, method, method.getAnnotation(Cached.class));
                }
            }
        }
        throw new AssertionError("no @Cached " + name + " on " + bean);
    }

    private String failure(Class<?> bean, String name) {
        return assertThrows(IllegalArgumentException.class, () -> plan(bean, name)).getMessage();
    }

    private static List<Integer> keys(MethodPlan plan) {
        return Arrays.stream(plan.keyIndexes).boxed().toList();
    }

    private static void assertContains(String message, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "expected '" + fragment + "' in: " + message);
        }
    }

    private static Principal user(String name) {
        return () -> name;
    }

    // 1: per bean class

    abstract static class Facade<T> {
        @Cached
        public T find(long id) {
            return null;
        }
    }

    static class Names extends Facade<String> {
    }

    static class Counts extends Facade<Integer> {
    }

    @Test
    void rule01_aMethodInheritedByTwoBeanClasses_hasAPlanForEach() {
        MethodPlan names = plan(Names.class, "find");
        MethodPlan counts = plan(Counts.class, "find");
        assertEquals(String.class, names.valueType);
        assertEquals(Integer.class, counts.valueType);
        assertNotEquals(names.key(new Object[] {1L}), counts.key(new Object[] {1L}));
    }

    // 2: which declaration's JAX-RS annotations apply

    interface Api {
        @GET
        String get(UriInfo uri);
    }

    static class Implemented implements Api {
        @Cached
        @Override
        public String get(UriInfo uri) {
            return "";
        }
    }

    static class AnnotatedAgain implements Api {
        @Cached
        @Produces("text/plain")
        @Override
        public String get(UriInfo uri) {
            return "";
        }
    }

    @Test
    void rule02_theFirstDeclarationWithJaxRsAnnotations_decidesWhetherItIsAResourceMethod() {
        MethodPlan inherited = plan(Implemented.class, "get");
        assertTrue(inherited.endpoint, "@GET on the interface");
        assertEquals(List.of(), keys(inherited), "its UriInfo is left out (rule 6)");
        // its own @Produces, no HTTP method: not a resource method, so UriInfo is an ordinary parameter
        assertContains(failure(AnnotatedAgain.class, "get"), "UriInfo");
    }

    // 3: plumbing

    static class Plumbing {
        @Cached
        public String find(String id, Connection connection, @Suspended AsyncResponse response) {
            return id;
        }
    }

    @Test
    void rule03_plumbingIsLeftOut() {
        assertEquals(List.of(0), keys(plan(Plumbing.class, "find")));
    }

    // 4: HttpSession

    static class Sessions {
        @GET
        @Cached
        public String resource(HttpSession session, String id) {
            return id;
        }

        @Cached
        public String bean(HttpSession session) {
            return "";
        }
    }

    @Test
    void rule04_aSessionIsLeftOutOfAResourceMethod_andOrdinaryElsewhere() {
        MethodPlan resource = plan(Sessions.class, "resource");
        assertEquals(List.of(1), keys(resource));
        assertTrue(resource.requestBound);
        assertContains(failure(Sessions.class, "bean"), "HttpSession", "has no value-based rendering");
    }

    // 5: Principal, SecurityContext

    static class Users {
        @Cached(shared = true)
        public String shared(Principal user) {
            return "";
        }

        @Cached
        public String find(@CacheKey String id, Principal user, String noise) {
            return id;
        }

        @GET
        @Cached
        public String resource(SecurityContext security) {
            return "";
        }
    }

    @Test
    void rule05_aUserIsAlwaysInTheKey_byName_andContradictsShared() {
        assertContains(failure(Users.class, "shared"), "makes the answer per user, but the method says shared = true");
        MethodPlan find = plan(Users.class, "find");
        assertEquals(List.of(0, 1), keys(find), "marked or not");
        assertEquals(find.key(new Object[] {"a", user("alice"), "x"}), find.key(new Object[] {"a", user("alice"), "y"}));
        assertNotEquals(find.key(new Object[] {"a", user("alice"), "x"}), find.key(new Object[] {"a", user("bob"), "x"}));
        assertFalse(find.perUser, "a bean method's entries are per user only by the key");
        assertTrue(plan(Users.class, "resource").perUser);
    }

    // 6: UriInfo

    static class Urls {
        @GET
        @Cached
        public String resource(UriInfo uri, String id) {
            return id;
        }

        @Cached
        public String bean(UriInfo uri) {
            return "";
        }
    }

    @Test
    void rule06_uriInfoIsLeftOutOfAResourceMethod_andOrdinaryElsewhere() {
        assertEquals(List.of(1), keys(plan(Urls.class, "resource")));
        assertContains(failure(Urls.class, "bean"), "UriInfo", "has no value-based rendering");
    }

    // 7: request headers

    static class Headers {
        @GET
        @Cached
        public String undeclared(HttpHeaders headers) {
            return "";
        }

        @GET
        @Cached(vary = "Accept-Language")
        public String declared(HttpHeaders headers) {
            return "";
        }

        @Cached
        public String bean(HttpHeaders headers) {
            return "";
        }
    }

    @Test
    void rule07_requestHeaders_needTheAnnotationToSayHowTheAnswerVaries() {
        assertContains(failure(Headers.class, "undeclared"), "hands the method request headers that are not in the key",
                "vary = {...}", "perUser = true", "shared = true");
        assertEquals(List.of(), keys(plan(Headers.class, "declared")));
        assertContains(failure(Headers.class, "bean"), "HttpHeaders", "has no value-based rendering");
    }

    // 8: every other parameter

    static class Ordinary {
        @GET
        @Cached
        public String values(@PathParam("id") long id, @QueryParam("q") String q, @HeaderParam("X-Tenant") String tenant,
                             String entity) {
            return "";
        }

        @GET
        @Cached(vary = "X-Anything")
        public String context(@Context Thread thread) {
            return "";
        }
    }

    @Test
    void rule08_everyOtherParameterIsKeyedByValue_aContextOfAnotherTypeToo() {
        assertEquals(List.of(0, 1, 2, 3), keys(plan(Ordinary.class, "values")));
        assertContains(failure(Ordinary.class, "context"), "Thread", "has no value-based rendering");
    }

    // 9: the key parameters

    static class Marked {
        @Cached
        public String find(String noise, @CacheKey String id) {
            return id;
        }

        @GET
        @Cached
        public String markedUri(@CacheKey UriInfo uri) {
            return "";
        }
    }

    @Test
    void rule09_markedParametersAreTheKey_whateverTheirType() {
        assertEquals(List.of(1), keys(plan(Marked.class, "find")));
        assertContains(failure(Marked.class, "markedUri"), "UriInfo", "has no value-based rendering");
    }

    // 10: a header parameter left out by @CacheKey

    static class LeftOut {
        @GET
        @Cached
        public String header(@CacheKey @PathParam("id") String id, @HeaderParam("X-Tenant") String tenant) {
            return id;
        }

        @GET
        @Cached(vary = "x-tenant")
        public String headerInVary(@CacheKey @PathParam("id") String id, @HeaderParam("X-Tenant") String tenant) {
            return id;
        }

        @GET
        @Cached(vary = "X-Tenant")
        public String cookie(@CacheKey @PathParam("id") String id, @CookieParam("session") String session) {
            return id;
        }

        @GET
        @Cached(vary = "Cookie")
        public String cookieInVary(@CacheKey @PathParam("id") String id, @CookieParam("session") String session) {
            return id;
        }

        @GET
        @Cached(perUser = true)
        public String perUser(@CacheKey @PathParam("id") String id, @HeaderParam("X-Tenant") String tenant) {
            return id;
        }

        @GET
        @Cached(vary = "X-Tenant")
        public String cookieByType(@CookieParam("session") jakarta.ws.rs.core.Cookie session) {
            return "";
        }
    }

    @Test
    void rule10_aHeaderParameterLeftOutOfTheKey_needsItsHeaderInVary() {
        assertContains(failure(LeftOut.class, "header"), "reads request header X-Tenant, but @CacheKey leaves it out");
        assertEquals(List.of(0), keys(plan(LeftOut.class, "headerInVary")), "in any case");
        assertContains(failure(LeftOut.class, "cookie"), "reads request header Cookie");
        assertEquals(List.of(0), keys(plan(LeftOut.class, "cookieInVary")));
        assertEquals(List.of(0), keys(plan(LeftOut.class, "perUser")));
        assertContains(failure(LeftOut.class, "cookieByType"), "reads request header Cookie", "its type leaves it out of the key");
    }

    // 11: injected request inputs keyed by the URL and the body

    static class Nested {
        @HeaderParam("X-Deep")
        String deep;
    }

    static class UrlMembers {
        @PathParam("id")
        String id;
        @QueryParam("q")
        String q;
        @MatrixParam("m")
        String m;
        @FormParam("f")
        String f;

        @QueryParam("page")
        void page(int page) {
        }

        @GET
        @Cached
        public String get() {
            return "";
        }
    }

    static class Parent {
        @BeanParam
        Nested nested;
    }

    static class BeanParamMembers extends Parent {
        @GET
        @Cached
        public String get() {
            return "";
        }
    }

    @Test
    void rule11_urlAndBodyMembers_areAccepted_throughTheHierarchyAndBeanParams() {
        MethodPlan plan = plan(UrlMembers.class, "get");
        assertTrue(plan.requestBound, "keyed by the request it serves");
        assertContains(failure(BeanParamMembers.class, "get"), "field 'nested' of " + Parent.class.getName()
                + " (@BeanParam) -> field 'deep'", "X-Deep");
    }

    // 12: @HeaderParam members

    static class HeaderMember {
        @HeaderParam("X-Tenant")
        String tenant;

        @GET
        @Cached
        public String undeclared() {
            return "";
        }

        @GET
        @Cached(vary = "x-tenant")
        public String inVary() {
            return "";
        }

        @GET
        @Cached(perUser = true)
        public String perUser() {
            return "";
        }
    }

    @Test
    void rule12_aHeaderParamMember_needsItsHeaderInVary_orPerUserKeyedByIt() {
        assertContains(failure(HeaderMember.class, "undeclared"), "field 'tenant'", "reads request header X-Tenant",
                "vary = \"X-Tenant\"");
        plan(HeaderMember.class, "inVary");
        assertEquals(List.of("X-Tenant"), plan(HeaderMember.class, "perUser").identityHeaders());
    }

    // 13: @CookieParam members

    static class CookieMember {
        @CookieParam("session")
        String session;

        @GET
        @Cached(vary = "X-Other")
        public String otherHeader() {
            return "";
        }

        @GET
        @Cached(vary = "Cookie")
        public String inVary() {
            return "";
        }
    }

    @Test
    void rule13_aCookieParamMember_needsCookieInVary() {
        assertContains(failure(CookieMember.class, "otherHeader"), "field 'session'", "reads request header Cookie");
        assertEquals(List.of(), plan(CookieMember.class, "inVary").identityHeaders(), "a cookie is not a user header");
    }

    // 14: plumbing, users and the URL as members

    static class AcceptedMembers {
        @Context
        Providers providers;
        @Context
        SecurityContext security;
        @Inject
        Principal principal;
        @Inject
        HttpSession session;
        @Context
        UriInfo uri;

        @GET
        @Cached
        public String get() {
            return "";
        }
    }

    @Test
    void rule14_plumbingMembersAreIgnored_usersAndTheUrlAccepted() {
        assertTrue(plan(AcceptedMembers.class, "get").requestBound);
    }

    // 15: request-header members, unknown contexts, application beans

    static class HeadersMember {
        @Context
        HttpHeaders headers;

        @GET
        @Cached
        public String undeclared() {
            return "";
        }

        @GET
        @Cached(vary = "Accept-Language")
        public String declared() {
            return "";
        }
    }

    static class RequestMember {
        @Inject
        HttpServletRequest request;

        @GET
        @Cached
        public String get() {
            return "";
        }
    }

    static class UnknownContextMember {
        @Context
        Thread thread;

        @GET
        @Cached
        public String get() {
            return "";
        }
    }

    static class Service {
    }

    static class BeanMember {
        @Inject
        Service service;
        String plain;

        @GET
        @Cached
        public String get() {
            return "";
        }
    }

    @Test
    void rule15_requestHeaderMembers_andUnknownContexts_needVary_applicationBeansAreIgnored() {
        assertContains(failure(HeadersMember.class, "undeclared"), "field 'headers'",
                "hands the resource request headers that are not in the key");
        plan(HeadersMember.class, "declared");
        assertContains(failure(RequestMember.class, "get"), "field 'request'", "(@Inject HttpServletRequest)");
        assertContains(failure(UnknownContextMember.class, "get"), "field 'thread'", "(@Context Thread)");
        assertFalse(plan(BeanMember.class, "get").requestBound, "nothing of the request reaches it");
    }

    static class ConstructorInjected {
        private final HttpServletRequest request;

        @Inject
        ConstructorInjected(Service service, HttpServletRequest request) {
            this.request = request;
        }

        @GET
        @Cached
        public String get() {
            return request.getHeader("X-Tenant");
        }

        @GET
        @Cached(vary = "X-Tenant")
        public String declared() {
            return request.getHeader("X-Tenant");
        }
    }

    static class JaxRsConstructor {
        private final String tenant;

        public JaxRsConstructor(@jakarta.ws.rs.HeaderParam("X-Tenant") String tenant) {
            this.tenant = tenant;
        }

        @GET
        @Cached
        public String get() {
            return tenant;
        }
    }

    static class InitializerInjected {
        HttpHeaders headers;

        @Inject
        void init(Service service, HttpHeaders headers) {
            this.headers = headers;
        }

        @GET
        @Cached
        public String get() {
            return "";
        }
    }

    static class LookedUp {
        @Inject
        jakarta.enterprise.inject.Instance<HttpServletRequest> request;

        @GET
        @Cached
        public String get() {
            return "";
        }
    }

    static class Provided {
        @Inject
        jakarta.inject.Provider<HttpHeaders> headers;

        @GET
        @Cached
        public String get() {
            return "";
        }
    }

    static class LookedUpBeans {
        @Inject
        jakarta.enterprise.inject.Instance<Service> services;
        @Inject
        jakarta.inject.Provider<jakarta.ws.rs.core.UriInfo> uri;

        @GET
        @Cached
        public String get() {
            return "";
        }
    }

    @Test
    void rule15_requestInputsThroughConstructorsInitializersAndLookups_needVaryToo() {
        assertContains(failure(ConstructorInjected.class, "get"), "parameter 2 (HttpServletRequest) of constructor of",
                "(@Inject HttpServletRequest)", "vary = {...}");
        assertTrue(plan(ConstructorInjected.class, "declared").requestBound);
        assertContains(failure(JaxRsConstructor.class, "get"), "parameter 1 (String) of constructor of",
                "@HeaderParam(\"X-Tenant\")", "vary = \"X-Tenant\"");
        assertContains(failure(InitializerInjected.class, "get"), "parameter 2 (HttpHeaders) of initializer 'init'",
                "(@Inject HttpHeaders)");
        assertContains(failure(LookedUp.class, "get"), "field 'request'", "(@Inject HttpServletRequest)");
        assertContains(failure(Provided.class, "get"), "field 'headers'", "(@Inject HttpHeaders)");
        assertTrue(plan(LookedUpBeans.class, "get").requestBound, "an application bean is ignored; the URL is keyed");
    }

    // 16: Accept

    @Produces({"application/json", "application/xml"})
    static class Negotiated {
        @GET
        @Cached
        public String either() {
            return "";
        }

        @GET
        @Produces("application/json")
        @Cached
        public String json() {
            return "";
        }
    }

    @Test
    void rule16_aNegotiatedRepresentation_isKeyedByAccept() {
        assertEquals(List.of("Accept"), plan(Negotiated.class, "either").vary());
        assertFalse(plan(Negotiated.class, "either").requestBound, "Accept alone: still cached as a bean call");
        assertEquals(List.of(), plan(Negotiated.class, "json").vary());
    }

    // 17: bean calls

    static class BeanCalls {
        @GET
        @Cached
        public String plain(@PathParam("id") String id) {
            return id;
        }

        @GET
        @Cached(perUser = true)
        public String perUser(@PathParam("id") String id) {
            return id;
        }

        @GET
        @Cached(vary = "X-Tenant")
        public String varying(@PathParam("id") String id) {
            return id;
        }

        @GET
        @Cached
        public String byUrl(UriInfo uri) {
            return "";
        }
    }

    @Test
    void rule17_aResourceMethodThatLeavesItsKeyToTheRequest_isNotCachedAsABeanCall() {
        assertFalse(plan(BeanCalls.class, "plain").requestBound, "cached under its plain key");
        assertTrue(plan(BeanCalls.class, "perUser").requestBound);
        assertTrue(plan(BeanCalls.class, "varying").requestBound);
        assertTrue(plan(BeanCalls.class, "byUrl").requestBound);
        assertTrue(plan(UrlMembers.class, "get").requestBound, "a member of rules 11 to 15");
    }

    // 18: the key builder

    public static final class Lenient implements KeyBuilder {
        @Override
        public String build(Method method, Object[] keyArguments) {
            return String.valueOf(keyArguments.length);
        }
    }

    record Sku(String code, int variant) {
    }

    static class Builders {
        @Cached
        public String entity(Thread thread) {
            return "";
        }

        @Cached(keyBuilder = Lenient.class)
        public String lenient(Thread thread) {
            return "";
        }

        @Cached
        @SuppressWarnings("rawtypes")
        public String raw(List items) {
            return "";
        }

        @Cached
        public String values(List<Sku> skus, java.time.LocalDate day, java.util.Optional<java.util.UUID> id) {
            return "";
        }
    }

    @Test
    void rule18_theKeyBuilderValidatesTheKeyParameters() {
        assertContains(failure(Builders.class, "entity"), "has no value-based rendering",
                "mark the parameters that identify the result with @CacheKey, or give the method a keyBuilder");
        plan(Builders.class, "lenient");
        assertContains(failure(Builders.class, "raw"), "raw");
        assertEquals(List.of(0, 1, 2), keys(plan(Builders.class, "values")));
    }

    // 19: tags

    static class Tagged {
        @Cached(tags = "sku:{sku}")
        public String byKey(String sku) {
            return sku;
        }

        @Cached(tags = "region:{region}")
        public String outsideTheKey(@CacheKey String sku, String region) {
            return sku;
        }
    }

    @Test
    void rule19_tagsUseKeyParametersOnly() {
        plan(Tagged.class, "byKey");
        assertContains(failure(Tagged.class, "outsideTheKey"), "tag 'region:{region}' uses parameter 'region', which is"
                + " not in the key");
    }
}
