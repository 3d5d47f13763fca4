package io.cachet.jcache.event;

import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.EventType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * A cache's entry listeners: registered from its configuration or later, each with its filter;
 * events go to the synchronous ones on the caller's thread (a listener's failure is the caller's
 * {@code CacheEntryListenerException}) and to the others on the common pool.
 */
public final class EventDispatcher<K, V> {
    private final Cache<K, V> source;
    private final Executor asynchronous = ForkJoinPool.commonPool();
    private final List<Registration<K, V>> registrations = new CopyOnWriteArrayList<>();

    public EventDispatcher(Cache<K, V> source) {
        this.source = source;
    }

    /**
     * Adds a listener.
     *
     * @throws IllegalArgumentException if one of this configuration is registered already
     */
    public void register(CacheEntryListenerConfiguration<K, V> configuration) {
        for (Registration<K, V> registration : registrations) {
            if (registration.configuration.equals(configuration)) {
                throw new IllegalArgumentException("listener already registered");
            }
        }
        registrations.add(new Registration<>(configuration));
    }

    /** Removes and closes the listener of this configuration; whether there was one. */
    public boolean deregister(CacheEntryListenerConfiguration<K, V> configuration) {
        boolean removed = false;
        for (Registration<K, V> registration : registrations) {
            if (registration.configuration.equals(configuration)) {
                registrations.remove(registration);
                registration.close();
                removed = true;
            }
        }
        return removed;
    }

    public boolean isEmpty() {
        return registrations.isEmpty();
    }

    /** Whether a listener of {@code type} events asked for old values (others never see them). */
    public boolean wantsOldValue(EventType type) {
        for (Registration<K, V> registration : registrations) {
            if (registration.wants(type) && registration.configuration.isOldValueRequired()) {
                return true;
            }
        }
        return false;
    }

    /** Tells every listener of {@code type}, through its filter. */
    public void dispatch(EventType type, K key, V oldValue, V value) {
        for (Registration<K, V> registration : registrations) {
            registration.deliver(source, type, key, oldValue, value, asynchronous);
        }
    }

    /** Closes every listener and filter (the cache is closed). */
    public void close() {
        for (Registration<K, V> registration : registrations) {
            registration.close();
        }
    }
}
