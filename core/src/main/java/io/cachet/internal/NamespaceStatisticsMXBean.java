package io.cachet.internal;

/**
 * One namespace's counts over JMX ({@code io.cachet:type=Namespace,instance=<n>,name="<namespace>"}),
 * the same figures Micrometer's {@code cachet.*} meters read; the store's figures are shared by
 * every namespace on that store.
 */
public interface NamespaceStatisticsMXBean {
    String getStore();

    String getBackend();

    long getHits();

    long getMisses();

    long getStaleHits();

    long getStaleOnError();

    long getCoalesced();

    long getLockTimeouts();

    long getBypassed();

    long getEncodeFailures();

    long getRefreshes();

    long getRefreshesSkipped();

    long getLoads();

    long getLoadFailures();

    double getAverageLoadMillis();

    long getEntriesStored();

    double getAverageEntryBytes();

    long getLargestEntryBytes();

    long getStoreFailures();

    long getStoreRejections();

    long getCorruptEntries();

    long getOversized();

    long getStoreEvictions();

    boolean isCircuitOpen();
}
