package io.cachet.hibernate;

import io.cachet.jcache.CachetCachingProvider;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hibernate ORM's second-level cache on Cachet's JCache provider, set up with Hibernate's standard
 * properties only: {@code hibernate.javax.cache.uri} names a Cachet properties file. Entity,
 * collection and query caches hit, and an update is never hidden by what the cache holds.
 */
abstract class SecondLevelCacheContract {
    private final List<SessionFactory> factories = new ArrayList<>();
    /** One H2 database per test, shared by every factory of the test (two "nodes" over one database). */
    private final String database = "db" + UUID.randomUUID().toString().replace("-", "");

    /** What {@code hibernate.javax.cache.uri} says for the factory of this node. */
    abstract String cacheUri(String node);

    SessionFactory factory(String node) {
        Configuration configuration = new Configuration().addAnnotatedClass(Author.class).addAnnotatedClass(Book.class)
                .setProperty("hibernate.connection.url", "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1")
                .setProperty("hibernate.connection.username", "sa")
                .setProperty("hibernate.connection.password", "")
                .setProperty("hibernate.hbm2ddl.auto", factories.isEmpty() ? "create" : "none")
                // the second-level cache, with Hibernate's own property names and nothing else:
                .setProperty("hibernate.cache.use_second_level_cache", "true")
                .setProperty("hibernate.cache.use_query_cache", "true")
                .setProperty("hibernate.cache.region.factory_class", "jcache")
                .setProperty("hibernate.javax.cache.provider", CachetCachingProvider.class.getName())
                .setProperty("hibernate.javax.cache.uri", cacheUri(node))
                .setProperty("hibernate.javax.cache.missing_cache_strategy", "create")
                .setProperty("hibernate.generate_statistics", "true");
        SessionFactory factory = configuration.buildSessionFactory();
        factories.add(factory);
        return factory;
    }

    @AfterEach
    void closeFactories() {
        for (SessionFactory factory : factories) {
            factory.close();
        }
    }

    static void inTransaction(SessionFactory factory, Consumer<Session> work) {
        factory.inTransaction(work);
    }

    static <T> T read(SessionFactory factory, Function<Session, T> work) {
        return factory.fromSession(work);
    }

    static void seed(SessionFactory factory) {
        inTransaction(factory, session -> {
            Author author = new Author(1L, "Le Guin");
            session.persist(author);
            session.persist(new Book(10L, "The Dispossessed", author));
            session.persist(new Book(11L, "The Lathe of Heaven", author));
        });
    }

    static String title(SessionFactory factory, long id) {
        return read(factory, session -> session.find(Book.class, id).getTitle());
    }

    static List<String> titlesNamed(SessionFactory factory, String title) {
        return read(factory, session -> session.createQuery("from Book b where b.title = :title", Book.class)
                .setParameter("title", title).setCacheable(true).getResultList().stream().map(Book::getTitle).toList());
    }

    static void rename(SessionFactory factory, long id, String title) {
        inTransaction(factory, session -> session.find(Book.class, id).setTitle(title));
    }

    @Test
    void entityCollectionAndQueryCaches_hit_andAnUpdateIsSeen() {
        SessionFactory factory = factory("a");
        seed(factory);
        Statistics statistics = factory.getStatistics();
        statistics.clear();

        assertEquals("The Dispossessed", title(factory, 10L));
        assertEquals("The Dispossessed", title(factory, 10L));
        assertEquals(2, statistics.getEntityStatistics(Book.class.getName()).getCacheHitCount(), "entity cache hits (the insert filled it)");

        assertEquals(Integer.valueOf(2), read(factory, session -> session.find(Author.class, 1L).getBooks().size()));
        assertEquals(Integer.valueOf(2), read(factory, session -> session.find(Author.class, 1L).getBooks().size()));
        assertEquals(1, statistics.getCollectionStatistics(Author.class.getName() + ".books").getCacheHitCount(),
                "collection cache hit");

        assertEquals(List.of("The Lathe of Heaven"), titlesNamed(factory, "The Lathe of Heaven"));
        assertEquals(List.of("The Lathe of Heaven"), titlesNamed(factory, "The Lathe of Heaven"));
        assertEquals(1, statistics.getQueryCacheHitCount(), "query cache hit");

        rename(factory, 11L, "Lathe");
        assertEquals("Lathe", title(factory, 11L));
        assertEquals(List.of(), titlesNamed(factory, "The Lathe of Heaven"), "the query cache is invalidated");
        assertEquals(List.of("Lathe"), titlesNamed(factory, "Lathe"));
    }
}
