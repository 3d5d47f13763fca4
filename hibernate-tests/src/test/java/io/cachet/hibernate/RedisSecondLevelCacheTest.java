package io.cachet.hibernate;

import io.cachet.testkit.Await;
import io.cachet.testkit.servers.RedisServer;
import org.hibernate.CacheMode;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hibernate's second-level cache on a real redis-server, each node's factory with its own Cachet
 * cache manager (its own Redis client), named by a {@code file:} properties file. Redis is killed
 * during loads and updates: nothing reaches the application, the database is updated, and nothing
 * stale is served, then or after Redis is back.
 */
class RedisSecondLevelCacheTest extends SecondLevelCacheContract {
    private static RedisServer redis;
    private static Path configuration;

    @BeforeAll
    static void startRedis() throws IOException {
        redis = RedisServer.start();
        configuration = Files.createTempDirectory("cachet-hibernate");
    }

    @BeforeEach
    void emptyRedis() {
        redis.cli("flushall"); // each test has a fresh database: the cache must not remember another's rows
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    String cacheUri(String node) {
        Path file = configuration.resolve("cachet-" + node + ".properties");
        try {
            Files.writeString(file, String.join("\n",
                    "cachet.jcache.uri=" + redis.address(),
                    "cachet.redis.threads=1",
                    "cachet.redis.netty-threads=2",
                    "cachet.backend-timeout-ms=300",
                    "cachet.serialization.allow=org.hibernate.cache.**", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toUri().toString();
    }

    @Test
    void twoFactoriesSharingRedis_anUpdateOnOneIsSeenByTheOther_fromTheCache() {
        SessionFactory a = factory("a");
        SessionFactory b = factory("b");
        seed(a);
        assertEquals("The Dispossessed", title(a, 10L));
        assertEquals("The Dispossessed", title(b, 10L));
        Statistics bStatistics = b.getStatistics();
        bStatistics.clear();
        rename(a, 10L, "The Dispossessed: An Ambiguous Utopia");
        assertEquals("The Dispossessed: An Ambiguous Utopia", title(b, 10L));
        assertEquals(1, bStatistics.getEntityStatistics(Book.class.getName()).getCacheHitCount(),
                "the other factory reads the new state from Redis");
    }

    @Test
    void redisKilledDuringLoadsAndUpdates_noExceptionReachesTheApplication_theDatabaseIsUpdated_nothingStale() {
        SessionFactory a = factory("a");
        SessionFactory b = factory("b");
        seed(a);
        assertEquals("The Dispossessed", title(a, 10L));
        assertEquals("The Dispossessed", title(b, 10L));
        assertEquals(1, titlesNamed(b, "The Lathe of Heaven").size());

        redis.kill();
        assertEquals("The Dispossessed", title(a, 10L), "a load with Redis dead reads the database");
        rename(a, 10L, "Renamed while Redis was down");
        assertEquals("Renamed while Redis was down", read(a, session -> {
            session.setCacheMode(CacheMode.IGNORE);
            return session.find(Book.class, 10L).getTitle();
        }), "the database is updated");
        assertEquals("Renamed while Redis was down", title(b, 10L));
        rename(b, 11L, "Lathe");
        assertEquals(0, titlesNamed(b, "The Lathe of Heaven").size());

        redis.restart();
        // The circuit breaker lets a trial call through after its open time; until then, and after,
        // every answer is the database's.
        Await.until("caching resumes with Redis back", Duration.ofSeconds(30), () -> {
            assertEquals("Renamed while Redis was down", title(a, 10L));
            assertEquals("Renamed while Redis was down", title(b, 10L));
            assertEquals("Lathe", title(a, 11L));
            Statistics statistics = b.getStatistics();
            statistics.clear();
            title(b, 11L);
            return statistics.getEntityStatistics(Book.class.getName()).getCacheHitCount() == 1;
        });
        assertEquals(0, titlesNamed(a, "The Lathe of Heaven").size());
        assertEquals(1, titlesNamed(a, "Lathe").size());
    }
}
