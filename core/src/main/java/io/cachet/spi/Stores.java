package io.cachet.spi;

import java.time.InstantSource;

/**
 * What a module that keeps entries of its own (cachet-servlet's whole responses) reads from the
 * running Cachet: {@code cachet.unwrap(Stores.class)}. Its entries live in a namespace, on that
 * namespace's guarded store, under its key prefix, and are counted in its statistics.
 */
public interface Stores {
    /** The namespace of the whole responses cachet-servlet keeps by URL pattern. */
    String RESPONSES = "http";

    /** The guarded store of {@code namespace}. */
    GuardedStore store(String namespace);

    /** {@code {prefix}:{namespace}:}, with the namespace's own prefix. */
    String keyPrefix(String namespace);

    /** The clock entries' expiry is read against. */
    InstantSource clock();

    /** Counts a lookup the module answered from the store ({@code hit}) or not. */
    void countLookup(String namespace, boolean hit);

    /** Counts an entry the module stored, of this many bytes. */
    void countStored(String namespace, int bytes);

    /**
     * {@link io.cachet.Cachet#invalidateTag(String)} for a call on the request path: every store
     * call waits no longer than its store's backend timeout (never the minute the admin API allows).
     *
     * @throws io.cachet.CacheException when a store failed or did not keep the new version
     */
    void invalidateTagPromptly(String tag);
}
