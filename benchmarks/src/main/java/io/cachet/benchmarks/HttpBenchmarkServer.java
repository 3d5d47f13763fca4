package io.cachet.benchmarks;

import io.cachet.Cached;
import io.cachet.servlet.CachetFilter;
import io.cachet.servlet.CachetFeature;
import io.cachet.testkit.CachetWeld;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.DispatcherType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;
import org.jboss.weld.environment.se.Weld;

import java.util.Set;

/**
 * The embedded container issue 7's wrk run measures: Undertow + RESTEasy + Weld with the Cachet
 * filter, serving the same JSON from a trivial endpoint and from a {@code @Cached} one.
 * Run: {@code java -cp benchmarks/target/benchmarks.jar io.cachet.benchmarks.HttpBenchmarkServer 18081}.
 */
public final class HttpBenchmarkServer {

    /** Both endpoints return the same five-field record. */
    @Path("/")
    @ApplicationScoped
    @Produces(MediaType.APPLICATION_JSON)
    public static class Quotes {
        @GET
        @Path("trivial")
        public Quote trivial() {
            return Quote.sample();
        }

        @GET
        @Path("cached")
        @Cached(expire = 3600)
        public Quote cached() {
            return Quote.sample();
        }
    }

    /** The JAX-RS application. */
    public static class QuotesApplication extends Application {
        @Override
        public Set<Class<?>> getClasses() {
            return Set.of(Quotes.class, CachetFeature.class);
        }
    }

    private HttpBenchmarkServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 18081;
        System.setProperty("java.util.logging.config.file", "/dev/null");
        CachetWeld.weld(Quotes.class)
                .addExtension(new org.jboss.resteasy.cdi.ResteasyCdiExtension())
                .initialize();
        DeploymentInfo info = Servlets.deployment().setClassLoader(HttpBenchmarkServer.class.getClassLoader())
                .setContextPath("/").setDeploymentName("cachet-http-benchmark")
                .addFilter(Servlets.filter("CachetFilter", CachetFilter.class).setAsyncSupported(true))
                .addFilterUrlMapping("CachetFilter", "/*", DispatcherType.REQUEST)
                .addServlet(Servlets.servlet("resteasy", HttpServlet30Dispatcher.class)
                        .addInitParam("jakarta.ws.rs.Application", QuotesApplication.class.getName())
                        .addInitParam("resteasy.injector.factory", "org.jboss.resteasy.cdi.CdiInjectorFactory")
                        .setAsyncSupported(true).addMapping("/*"));
        DeploymentManager deployment = Servlets.defaultContainer().addDeployment(info);
        deployment.deploy();
        Undertow.builder().addHttpListener(port, "127.0.0.1")
                .setHandler(Handlers.path().addPrefixPath("/", deployment.start()))
                .setIoThreads(2).setWorkerThreads(16).build().start();
        System.out.println("listening on http://127.0.0.1:" + port + "/");
    }
}
