package io.cachet;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A bad {@code @Cached} fails the deployment with a message naming the method. */
class DeploymentValidationTest {

    @ApplicationScoped
    static class NegativeExpire {
        @Cached(expire = -5)
        public String value() {
            return "v";
        }
    }

    @ApplicationScoped
    static class StaleWithoutExpiry {
        @Cached(staleWhileRevalidate = 600)
        public String value() {
            return "v";
        }
    }

    @ApplicationScoped
    static class NegativeStaleIfError {
        @Cached(expire = 60, staleIfError = -1)
        public String value() {
            return "v";
        }
    }

    @ApplicationScoped
    static class VoidMethod {
        @Cached
        public void run() {
        }
    }

    /** A coder without a usable constructor. */
    public static final class BrokenCoder implements Coder {
        public BrokenCoder(String required) {
        }

        @Override
        public byte[] encode(Object value, java.lang.reflect.Type type) {
            return new byte[0];
        }

        @Override
        public Object decode(byte[] bytes, int offset, int length, java.lang.reflect.Type type) {
            return null;
        }
    }

    @ApplicationScoped
    static class UncreatableCoder {
        @Cached(coder = BrokenCoder.class)
        public String value() {
            return "v";
        }
    }

    /** A key builder whose constructor fails. */
    public static final class ExplodingKeyBuilder implements KeyBuilder {
        public ExplodingKeyBuilder() {
            throw new IllegalStateException("no keys today");
        }

        @Override
        public String build(Method method, Object[] keyArguments) {
            return "";
        }
    }

    @ApplicationScoped
    static class UncreatableKeyBuilder {
        @Cached(keyBuilder = ExplodingKeyBuilder.class)
        public String value() {
            return "v";
        }
    }

    /** Keyed by identity this would make every call a miss (fastapi-cache's DB-session bug). */
    static final class Session {
    }

    @ApplicationScoped
    static class UnrenderableParameter {
        @Cached
        public String lookup(String name, Session session) {
            return name;
        }
    }

    @ApplicationScoped
    static class BadNamespace {
        @Cached(namespace = "a:b")
        public String value() {
            return "v";
        }
    }

    @ApplicationScoped
    static class PlainFuture {
        @Cached
        public Future<String> value() {
            return CompletableFuture.completedFuture("v");
        }
    }

    @ApplicationScoped
    static class BadStatusHeader {
        @Cached(statusHeader = "X Bad Header")
        public String value() {
            return "v";
        }
    }

    @Cached
    @ApplicationScoped
    static class ClassLevel {
        public String value() {
            return "v";
        }
    }

    private static void assertDeploymentFails(Class<?> bean, String... fragments) {
        Weld weld = Cdi.weld(bean);
        RuntimeException failure = assertThrows(RuntimeException.class, () -> {
            try (WeldContainer container = weld.initialize()) {
                fail("deployment should have failed");
            }
        });
        String message = fullMessage(failure);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "expected '" + fragment + "' in: " + message);
        }
    }

    private static String fullMessage(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append('\n');
            for (Throwable suppressed : t.getSuppressed()) {
                text.append(suppressed.getMessage()).append('\n');
            }
        }
        return text.toString();
    }

    @ApplicationScoped
    static class TagNamingNoParameter {
        @Cached(tags = "product:{sku}")
        public String value(long id) {
            return "v";
        }
    }

    @ApplicationScoped
    static class TagOfAnUnrenderableArgument {
        @Cached(tags = "list:{items}")
        public String value(java.util.List<String> items) {
            return "v";
        }
    }

    @ApplicationScoped
    static class TagWithASpace {
        @Cached(tags = "product {id}")
        public String value(long id) {
            return "v";
        }
    }

    @ApplicationScoped
    static class TagPositionOutOfRange {
        @Cached(tags = "product:{1}")
        public String value(long id) {
            return "v";
        }
    }

    @ApplicationScoped
    static class TagPositionHuge {
        @Cached(tags = "product:{12345}")
        public String value(long id) {
            return "v";
        }
    }

    @ApplicationScoped
    static class TagOfANonKeyParameter {
        @Cached(tags = "region:{region}")
        public String value(@CacheKey long id, String region) {
            return "v";
        }
    }

    @ApplicationScoped
    static class ReservedNamespace {
        @Cached(namespace = "cachet-tag")
        public String value(long id) {
            return "v";
        }
    }

    @Test
    void tagsOutsideTheKey_hugePositions_andCachetsOwnNamespaces() {
        assertDeploymentFails(TagPositionHuge.class, "uses argument {12345}, but the method takes 1");
        assertDeploymentFails(TagOfANonKeyParameter.class, "tag 'region:{region}' uses parameter 'region', which is"
                + " not in the key");
        assertDeploymentFails(ReservedNamespace.class, "namespace 'cachet-tag' is Cachet's own");
    }

    @Test
    void tagsThatCannotBeRendered() {
        assertDeploymentFails(TagNamingNoParameter.class, "TagNamingNoParameter.value(long)",
                "tag 'product:{sku}' uses {sku}, which names no parameter");
        assertDeploymentFails(TagOfAnUnrenderableArgument.class, "uses {items}, a java.util.List",
                "string, number, boolean, character, enum or UUID");
        assertDeploymentFails(TagWithASpace.class, "tag 'product {id}' holds ' '");
        assertDeploymentFails(TagPositionOutOfRange.class, "uses argument {1}, but the method takes 1");
    }

    /** CacheSettings is final: a normal-scoped producer cannot be proxied, and the error says what to do. */
    static class ApplicationScopedSettings {
        @jakarta.enterprise.inject.Produces
        @ApplicationScoped
        CacheSettings settings() {
            return CacheSettings.defaults();
        }
    }

    @Test
    void settingsWithANormalScope() {
        assertDeploymentFails(ApplicationScopedSettings.class, "the CacheSettings bean has a normal scope (ApplicationScoped)",
                "@Dependent");
    }

    @Test
    void negativeExpire() {
        assertDeploymentFails(NegativeExpire.class, "NegativeExpire.value()", "expire must be positive", "-5");
    }

    @Test
    void staleWindowWithoutAnExpiry() {
        assertDeploymentFails(StaleWithoutExpiry.class, "StaleWithoutExpiry.value()",
                "staleWhileRevalidate = 600 needs an expiry", "set expire");
    }

    @Test
    void negativeStaleWindow() {
        assertDeploymentFails(NegativeStaleIfError.class, "NegativeStaleIfError.value()",
                "staleIfError must be seconds, zero or more", "-1");
    }

    @Test
    void voidMethod() {
        assertDeploymentFails(VoidMethod.class, "VoidMethod.run()", "no result to cache");
    }

    @Test
    void coderThatCannotBeCreated() {
        assertDeploymentFails(UncreatableCoder.class, "UncreatableCoder.value()", "BrokenCoder cannot be created");
    }

    @Test
    void keyBuilderThatCannotBeCreated() {
        assertDeploymentFails(UncreatableKeyBuilder.class, "UncreatableKeyBuilder.value()", "no keys today");
    }

    @Test
    void parameterWithoutStableRendering() {
        assertDeploymentFails(UnrenderableParameter.class, "UnrenderableParameter.lookup(String, Session)",
                "parameter 'session'", "@CacheKey");
    }

    @Test
    void namespaceWithColon() {
        assertDeploymentFails(BadNamespace.class, "BadNamespace.value()", "namespace must not contain ':'");
    }

    @Test
    void futureThatIsNotACompletionStage() {
        assertDeploymentFails(PlainFuture.class, "PlainFuture.value()", "CompletionStage or CompletableFuture");
    }

    @Test
    void invalidStatusHeader() {
        assertDeploymentFails(BadStatusHeader.class, "BadStatusHeader.value()", "statusHeader");
    }

    @Test
    void annotationOnAClass() {
        assertDeploymentFails(ClassLevel.class, "ClassLevel", "put it on the methods");
    }
}
