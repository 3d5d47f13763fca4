package io.cachet.benchmarks;

import io.cachet.redis.RedisBackend;
import io.cachet.redis.RedisSettings;
import io.cachet.testkit.servers.RedisServer;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Threads and server connections of Cachet's default Redis client against Redisson's defaults,
 * after the same work. Run: {@code java -cp benchmarks/target/benchmarks.jar io.cachet.benchmarks.RedisFootprint}.
 */
public final class RedisFootprint {
    public static void main(String[] args) throws Exception {
        try (RedisServer server = RedisServer.start()) {
            int baseline = Thread.activeCount();
            RedisBackend cachet = RedisBackend.create(RedisSettings.builder().address(server.address()).build());
            exercise(cachet);
            report("Cachet defaults", baseline, server, "cachet");
            cachet.close();

            baseline = Thread.activeCount();
            Config config = new Config();
            config.useSingleServer().setAddress(server.address()).setClientName("redisson-defaults");
            RedissonClient defaults = Redisson.create(config);
            exercise(RedisBackend.using(defaults));
            report("Redisson defaults", baseline, server, "redisson-defaults");
            defaults.shutdown();
        }
        System.exit(0);
    }

    private static void exercise(RedisBackend backend) throws Exception {
        for (int i = 0; i < 200; i++) {
            backend.put("k" + i, new byte[] {1}, Duration.ofMinutes(1)).toCompletableFuture().get(5, TimeUnit.SECONDS);
            backend.get("k" + i).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        backend.clear("k").toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static void report(String what, int baseline, RedisServer server, String clientName) {
        long connections = server.cli("client", "list").lines().filter(l -> l.contains("name=" + clientName + " ")).count();
        System.out.printf("%-18s threads +%d, connections to the server %d%n", what, Thread.activeCount() - baseline,
                connections);
    }
}
