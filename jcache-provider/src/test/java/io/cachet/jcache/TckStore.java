package io.cachet.jcache;

import io.cachet.testkit.servers.Dynalite;
import io.cachet.testkit.servers.MemcachedServer;
import io.cachet.testkit.servers.RedisServer;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the store a TCK run is for ({@code -Dcachet.tck.store=redis|memcached|dynamodb}; memory
 * needs nothing) before any test, points the provider's default URI at it, and stops it after.
 */
public final class TckStore implements LauncherSessionListener {
    private AutoCloseable server;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String store = System.getProperty("cachet.tck.store", "memory");
        switch (store) {
            case "memory" -> {
            }
            case "redis" -> {
                RedisServer redis = RedisServer.start();
                server = redis;
                System.setProperty("cachet.jcache.uri", redis.address());
                System.setProperty("cachet.redis.threads", "1");
                System.setProperty("cachet.redis.netty-threads", "2");
            }
            case "memcached" -> {
                MemcachedServer memcached = MemcachedServer.start();
                server = memcached;
                System.setProperty("cachet.jcache.uri", "memcached://" + memcached.address());
            }
            case "dynamodb" -> {
                Dynalite dynalite = Dynalite.start();
                server = dynalite;
                System.setProperty("cachet.jcache.uri", "dynamodb:tck");
                System.setProperty("cachet.dynamodb.endpoint", dynalite.endpoint().toString());
                System.setProperty("cachet.dynamodb.region", "us-east-1");
                System.setProperty("cachet.dynamodb.access-key-id", "test");
                System.setProperty("cachet.dynamodb.secret-access-key", "test");
                System.setProperty("cachet.dynamodb.create-table", "true");
            }
            default -> throw new IllegalArgumentException("cachet.tck.store must be memory, redis, memcached or dynamodb, "
                    + "but was '" + store + "'");
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (server != null) {
            try {
                server.close();
            } catch (Exception ignored) {
                // the process is reaped at JVM exit anyway
            }
        }
    }
}
