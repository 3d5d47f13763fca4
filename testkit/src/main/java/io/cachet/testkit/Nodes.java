package io.cachet.testkit;

import io.cachet.spi.CacheBackend;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

import java.util.ArrayList;
import java.util.List;

/**
 * The "nodes" of a two-node contract: the Weld containers it started and the store clients it
 * made for them, all stopped and closed after the test.
 */
final class Nodes implements AutoCloseable {
    private final List<WeldContainer> containers = new ArrayList<>();
    private final List<CacheBackend> clients = new ArrayList<>();

    /** Starts a node ({@link CachetWeld#weld}). */
    WeldContainer start(Weld weld) {
        WeldContainer container = weld.initialize();
        containers.add(container);
        return container;
    }

    /** The {@code index}th node started. */
    WeldContainer get(int index) {
        return containers.get(index);
    }

    /** A store client the test made: closed with the nodes. */
    <B extends CacheBackend> B closeAfter(B client) {
        clients.add(client);
        return client;
    }

    /** Stops the nodes still running, then closes the clients. */
    @Override
    public void close() {
        for (WeldContainer container : containers) {
            if (container.isRunning()) {
                container.shutdown();
            }
        }
        for (CacheBackend client : clients) {
            client.close();
        }
        containers.clear();
        clients.clear();
    }
}
