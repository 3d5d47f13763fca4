package io.cachet.testkit.servers;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.Supplier;

/**
 * A test class's server: started before its first test, closed after its last, and, when a test
 * killed or stopped it, started again on its port after that test.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final TestServer&lt;RedisServer&gt; server = TestServer.of(RedisServer::start);
 * ... server.get().address() ...
 * </pre>
 */
public final class TestServer<S extends AutoCloseable> implements BeforeAllCallback, AfterEachCallback,
        AfterAllCallback, Supplier<S> {
    private final Supplier<S> start;
    private S server;

    private TestServer(Supplier<S> start) {
        this.start = start;
    }

    public static <S extends AutoCloseable> TestServer<S> of(Supplier<S> start) {
        return new TestServer<>(start);
    }

    /** The running server. */
    @Override
    public S get() {
        if (server == null) {
            throw new IllegalStateException("the server starts before the test class's first test");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = start.get();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (server instanceof LoopbackServer loopback && !loopback.isAlive()) {
            loopback.restartProcess();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
