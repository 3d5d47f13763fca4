package io.cachet.internal;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every namespace's counts as a platform MXBean, registered at start and removed at shutdown; the
 * {@code instance} key tells applications in one server apart.
 */
final class JmxStatistics implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private final List<ObjectName> registered = new ArrayList<>();
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    static JmxStatistics register(Namespaces namespaces, RateLimitedLog log) {
        JmxStatistics jmx = new JmxStatistics();
        int instance = INSTANCES.incrementAndGet();
        for (Namespace space : namespaces.all()) {
            try {
                ObjectName name = new ObjectName("io.cachet:type=Namespace,instance=" + instance + ",name="
                        + ObjectName.quote(space.name));
                jmx.server.registerMBean(new Bean(space, namespaces.storeName(space.store)), name);
                jmx.registered.add(name);
            } catch (JMException | RuntimeException e) {
                log.warn("jmx", "Cachet: cannot register the JMX statistics of " + space + ": " + e, null);
            }
        }
        return jmx;
    }

    @Override
    public void close() {
        for (ObjectName name : registered) {
            try {
                server.unregisterMBean(name);
            } catch (JMException | RuntimeException ignored) {
                // gone already
            }
        }
    }

    private record Bean(Namespace space, String store) implements NamespaceStatisticsMXBean {
        private Metrics m() {
            return space.metrics;
        }

        private Metrics s() {
            return space.store.metrics();
        }

        @Override
        public String getStore() {
            return store;
        }

        @Override
        public String getBackend() {
            return space.store.name();
        }

        @Override
        public long getHits() {
            return m().hits.sum();
        }

        @Override
        public long getMisses() {
            return m().misses.sum();
        }

        @Override
        public long getStaleHits() {
            return m().staleHits.sum();
        }

        @Override
        public long getStaleOnError() {
            return m().staleOnError.sum();
        }

        @Override
        public long getCoalesced() {
            return m().coalesced.sum();
        }

        @Override
        public long getLockTimeouts() {
            return m().lockTimeouts.sum();
        }

        @Override
        public long getBypassed() {
            return m().bypassed.sum();
        }

        @Override
        public long getEncodeFailures() {
            return m().encodeFailures.sum();
        }

        @Override
        public long getRefreshes() {
            return m().refreshes.sum();
        }

        @Override
        public long getRefreshesSkipped() {
            return m().refreshesSkipped.sum();
        }

        @Override
        public long getLoads() {
            return m().loads.sum();
        }

        @Override
        public long getLoadFailures() {
            return m().loadFailures.sum();
        }

        @Override
        public double getAverageLoadMillis() {
            long loads = m().loads.sum();
            return loads == 0 ? 0 : m().loadNanos.sum() / 1e6 / loads;
        }

        @Override
        public long getEntriesStored() {
            return m().entriesStored.sum();
        }

        @Override
        public double getAverageEntryBytes() {
            long entries = m().entriesStored.sum();
            return entries == 0 ? 0 : (double) m().entryBytes.sum() / entries;
        }

        @Override
        public long getLargestEntryBytes() {
            return m().largestEntry.get();
        }

        @Override
        public long getStoreFailures() {
            return s().backendFailures.sum();
        }

        @Override
        public long getStoreRejections() {
            return s().circuitRejections.sum();
        }

        @Override
        public long getCorruptEntries() {
            return s().corruptEntries.sum();
        }

        @Override
        public long getOversized() {
            return s().oversized.sum();
        }

        @Override
        public long getStoreEvictions() {
            return space.store.evictions();
        }

        @Override
        public boolean isCircuitOpen() {
            return !space.store.available();
        }
    }
}
