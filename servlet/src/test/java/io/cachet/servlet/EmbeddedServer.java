package io.cachet.servlet;

import io.cachet.CacheSettings;
import io.cachet.spi.CacheBackend;
import io.cachet.testkit.CachetWeld;
import io.undertow.Undertow;
import io.undertow.server.handlers.PathHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.FilterInfo;
import jakarta.servlet.DispatcherType;
import jakarta.ws.rs.core.Application;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * The stack WildFly runs, embedded: Undertow, RESTEasy with its CDI integration, Weld, and the
 * Cachet filter in front; on a free loopback port.
 */
final class EmbeddedServer implements AutoCloseable {
    private final WeldContainer weld;
    private final Undertow undertow;
    private final DeploymentManager deployment;
    private final int port;

    /** The JAX-RS application: the resources are CDI beans, so {@code @Cached} applies to them. */
    public static class TestApplication extends Application {
        @Override
        public Set<Class<?>> getClasses() {
            return Set.of(Endpoints.class, CachetFeature.class, CountingWriter.class, CachetManagement.class,
                    TestUsers.class);
        }
    }

    EmbeddedServer(CacheSettings settings, CacheBackend backend, Map<String, String> filterParameters) throws Exception {
        this(settings, backend, filterParameters, true);
    }

    /** {@code withFilter} false: as when a {@code web.xml} leaves the Cachet fragment out. */
    EmbeddedServer(CacheSettings settings, CacheBackend backend, Map<String, String> filterParameters,
                   boolean withFilter) throws Exception {
        this(settings, backend, filterParameters, withFilter, Map.of());
    }

    /** With servlet context parameters ({@code cachet.management.enabled}...) and beans of the test's. */
    EmbeddedServer(CacheSettings settings, CacheBackend backend, Map<String, String> filterParameters,
                   boolean withFilter, Map<String, String> contextParameters, Class<?>... beans) throws Exception {
        Class<?>[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of(Endpoints.class,
                Endpoints.Inner.class), java.util.Arrays.stream(beans)).toArray(Class<?>[]::new);
        weld = CachetWeld.weld(settings, backend, all)
                .addExtension(new org.jboss.resteasy.cdi.ResteasyCdiExtension())
                .initialize();
        port = freePort();
        FilterInfo filter = Servlets.filter("CachetFilter", CachetFilter.class).setAsyncSupported(true);
        filterParameters.forEach(filter::addInitParam);
        DeploymentInfo info = Servlets.deployment().setClassLoader(EmbeddedServer.class.getClassLoader())
                .setContextPath("/").setDeploymentName("cachet-test");
        contextParameters.forEach(info::addInitParameter);
        if (withFilter) {
            info.addFilter(filter).addFilterUrlMapping("CachetFilter", "/*", DispatcherType.REQUEST);
        }
        info.addServlet(Servlets.servlet("resteasy", HttpServlet30Dispatcher.class)
                        .addInitParam("jakarta.ws.rs.Application", TestApplication.class.getName())
                        .addInitParam("resteasy.injector.factory", "org.jboss.resteasy.cdi.CdiInjectorFactory")
                        .setAsyncSupported(true).addMapping("/api/*")
                        .addInitParam("resteasy.servlet.mapping.prefix", "/api"))
                .addServlet(Servlets.servlet("plain", PlainServlet.class).addMapping("/plain/*").setAsyncSupported(true));
        deployment = Servlets.defaultContainer().addDeployment(info);
        deployment.deploy();
        PathHandler root = io.undertow.Handlers.path().addPrefixPath("/", deployment.start());
        undertow = Undertow.builder().addHttpListener(port, "127.0.0.1").setHandler(root).setIoThreads(1)
                .setWorkerThreads(8).build();
        undertow.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    <T> T bean(Class<T> type) {
        return weld.select(type).get();
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        undertow.stop();
        deployment.stop();
        deployment.undeploy();
        weld.close();
    }
}
