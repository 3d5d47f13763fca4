package io.cachet.hibernate;

/** Hibernate's second-level cache on a Cachet memory store, named by a properties file on the class path. */
class MemorySecondLevelCacheTest extends SecondLevelCacheContract {
    @Override
    String cacheUri(String node) {
        return "cachet-hibernate-memory.properties";
    }
}
