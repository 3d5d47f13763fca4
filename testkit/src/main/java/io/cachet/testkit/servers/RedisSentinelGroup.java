package io.cachet.testkit.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A master, one replica and one sentinel (quorum 1) on free loopback ports, tuned to fail over
 * within seconds when the master stops.
 */
public final class RedisSentinelGroup implements AutoCloseable {
    public static final String MASTER_NAME = "cachet-master";

    private final RedisServer master;
    private final RedisServer replica;
    private final ServerProcess sentinel;

    private RedisSentinelGroup(RedisServer master, RedisServer replica, ServerProcess sentinel) {
        this.master = master;
        this.replica = replica;
        this.sentinel = sentinel;
    }

    public static RedisSentinelGroup start() {
        RedisServer master = RedisServer.start();
        RedisServer replica = null;
        try {
            replica = RedisServer.start(List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())));
            RedisServer started = replica;
            awaitCondition("replica in sync", () -> started.cli("info", "replication").contains("master_link_status:up"));
            int port = ServerProcess.freePort(0);
            Path dir = ServerProcess.tempDir("sentinel-" + port);
            Path config = dir.resolve("sentinel.conf");
            Files.writeString(config, String.join("\n",
                    "port " + port,
                    "bind 127.0.0.1",
                    "dir " + dir,
                    "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master.port() + " 1",
                    "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                    "sentinel failover-timeout " + MASTER_NAME + " 3000",
                    "sentinel parallel-syncs " + MASTER_NAME + " 1",
                    ""), StandardCharsets.UTF_8);
            ServerProcess sentinel = new ServerProcess("redis-sentinel:" + port,
                    List.of("redis-server", config.toString(), "--sentinel"), dir.resolve("sentinel.log"), port);
            sentinel.start(() -> {
                String reply = ServerProcess.exchange(port, "SENTINEL replicas " + MASTER_NAME + "\r\n", 4096);
                return reply != null && reply.contains(Integer.toString(started.port()));
            });
            return new RedisSentinelGroup(master, replica, sentinel);
        } catch (IOException | RuntimeException e) {
            master.close();
            if (replica != null) {
                replica.close();
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    private static void awaitCondition(String what, java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException(what + " not reached within 30 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        }
    }

    /** {@code redis://127.0.0.1:port} of the sentinel. */
    public String sentinelAddress() {
        return "redis://127.0.0.1:" + sentinel.port();
    }

    public RedisServer master() {
        return master;
    }

    public RedisServer replica() {
        return replica;
    }

    /** The port the sentinel currently names as master. */
    public int currentMasterPort() {
        String reply = ServerProcess.exchange(sentinel.port(),
                "SENTINEL get-master-addr-by-name " + MASTER_NAME + "\r\n", 256);
        if (reply == null) {
            return -1;
        }
        String[] lines = reply.split("\r\n");
        return lines.length >= 5 ? Integer.parseInt(lines[4]) : -1;
    }

    @Override
    public void close() {
        sentinel.stop();
        replica.close();
        master.close();
    }
}
