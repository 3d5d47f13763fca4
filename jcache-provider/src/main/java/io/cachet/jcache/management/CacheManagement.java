package io.cachet.jcache.management;

import javax.cache.CacheException;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.management.CacheMXBean;
import javax.cache.management.CacheStatisticsMXBean;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * A cache's JSR-107 management: its statistics, its configuration and statistics MXBeans
 * (registered while the configuration enables them), and its Micrometer meters when Micrometer is
 * present. The statistics count only while they are enabled.
 */
public final class CacheManagement implements AutoCloseable {
    /** Whether Micrometer is on the class path (checked here: {@link JCacheMeters} cannot even load without it). */
    private static final boolean MICROMETER = present("io.micrometer.core.instrument.MeterRegistry");

    private final CompleteConfiguration<?, ?> configuration;
    private final Statistics statistics = new Statistics();
    private final ObjectName configurationName;
    private final ObjectName statisticsName;
    /** Micrometer meters reading {@link #statistics}, when Micrometer is present; else null. */
    private final AutoCloseable meters;

    /** For the cache {@code cacheName} of the manager at {@code managerUri}, on the store {@code backendName}. */
    public CacheManagement(CompleteConfiguration<?, ?> configuration, String managerUri, String cacheName,
                           String backendName) {
        this.configuration = configuration;
        this.configurationName = objectName("CacheConfiguration", managerUri, cacheName);
        this.statisticsName = objectName("CacheStatistics", managerUri, cacheName);
        this.meters = MICROMETER ? new JCacheMeters(cacheName, backendName, statistics) : null;
    }

    /** Counts a get (a hit or a miss) that started at {@code startNanos}. */
    public void recordGet(boolean hit, long startNanos) {
        if (configuration.isStatisticsEnabled()) {
            (hit ? statistics.hits : statistics.misses).increment();
            statistics.getNanos.add(System.nanoTime() - startNanos);
        }
    }

    /** Counts a put that started at {@code startNanos}. */
    public void recordPut(long startNanos) {
        if (configuration.isStatisticsEnabled()) {
            statistics.puts.increment();
            statistics.putNanos.add(System.nanoTime() - startNanos);
        }
    }

    /** Counts a removal that started at {@code startNanos}. */
    public void recordRemove(long startNanos) {
        if (configuration.isStatisticsEnabled()) {
            statistics.removals.increment();
            statistics.removeNanos.add(System.nanoTime() - startNanos);
        }
    }

    public CacheStatisticsMXBean statistics() {
        return statistics;
    }

    /** Registers, or unregisters, each MXBean as the configuration now enables it. */
    public void update() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        register(server, configurationName, configuration.isManagementEnabled(), new ConfigurationBean(configuration));
        register(server, statisticsName, configuration.isStatisticsEnabled(), statistics);
    }

    /** Unregisters both MXBeans and removes the meters (the cache is closed). */
    @Override
    public void close() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        register(server, configurationName, false, null);
        register(server, statisticsName, false, null);
        if (meters != null) {
            try {
                meters.close();
            } catch (Exception ignored) {
                // the meters go with the registry
            }
        }
    }

    private static void register(MBeanServer server, ObjectName name, boolean wanted, Object bean) {
        try {
            boolean present = server.isRegistered(name);
            if (wanted && !present) {
                server.registerMBean(bean, name);
            } else if (!wanted && present) {
                server.unregisterMBean(name);
            }
        } catch (JMException e) {
            throw new CacheException("cannot (un)register " + name + ": " + e, e);
        }
    }

    private static ObjectName objectName(String type, String managerUri, String cacheName) {
        try {
            return new ObjectName("javax.cache:type=" + type + ",CacheManager=" + mbeanSafe(managerUri)
                    + ",Cache=" + mbeanSafe(cacheName));
        } catch (MalformedObjectNameException e) {
            throw new CacheException(e);
        }
    }

    private static String mbeanSafe(String text) {
        return text == null ? "" : text.replaceAll("[,:=\\n*?\"]", ".");
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, CacheManagement.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }

    /** The configuration MXBean. */
    static final class ConfigurationBean implements CacheMXBean {
        private final CompleteConfiguration<?, ?> configuration;

        ConfigurationBean(CompleteConfiguration<?, ?> configuration) {
            this.configuration = configuration;
        }

        @Override
        public String getKeyType() {
            return configuration.getKeyType().getName();
        }

        @Override
        public String getValueType() {
            return configuration.getValueType().getName();
        }

        @Override
        public boolean isReadThrough() {
            return configuration.isReadThrough();
        }

        @Override
        public boolean isWriteThrough() {
            return configuration.isWriteThrough();
        }

        @Override
        public boolean isStoreByValue() {
            return configuration.isStoreByValue();
        }

        @Override
        public boolean isStatisticsEnabled() {
            return configuration.isStatisticsEnabled();
        }

        @Override
        public boolean isManagementEnabled() {
            return configuration.isManagementEnabled();
        }
    }
}
