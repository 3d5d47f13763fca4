package io.cachet.testkit.servers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A Redis Cluster of three masters (no replicas) on free loopback ports. */
public final class RedisCluster implements AutoCloseable {
    private final List<RedisServer> nodes;

    private RedisCluster(List<RedisServer> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    public static RedisCluster start() {
        return start(3);
    }

    public static RedisCluster start(int masters) {
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < masters; i++) {
                int port = ServerProcess.freePort(10_000);
                nodes.add(RedisServer.startOn(port, List.of("--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes-" + port + ".conf", "--cluster-node-timeout", "2000")));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            for (RedisServer node : nodes) {
                create.add("127.0.0.1:" + node.port());
            }
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            ServerProcess.run(create, Duration.ofSeconds(60));
            RedisCluster cluster = new RedisCluster(nodes);
            cluster.awaitHealthy();
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(RedisServer::close);
            throw e;
        }
    }

    private void awaitHealthy() {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (RedisServer node : nodes) {
            while (!node.cli("cluster", "info").contains("cluster_state:ok")) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("cluster not healthy within 30 s: " + node.cli("cluster", "info"));
                }
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
            }
        }
    }

    public List<RedisServer> nodes() {
        return nodes;
    }

    /** The node addresses, {@code redis://127.0.0.1:port} each. */
    public List<String> addresses() {
        return nodes.stream().map(RedisServer::address).toList();
    }

    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }

    @Override
    public String toString() {
        return "Redis Cluster " + addresses();
    }
}
