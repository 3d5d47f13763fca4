package io.cachet.jcache.event;

import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;

/** One registered listener with its filter. */
final class Registration<K, V> {
    final CacheEntryListenerConfiguration<K, V> configuration;
    final CacheEntryListener<? super K, ? super V> listener;
    final CacheEntryEventFilter<? super K, ? super V> filter;

    Registration(CacheEntryListenerConfiguration<K, V> configuration) {
        this.configuration = configuration;
        this.listener = configuration.getCacheEntryListenerFactory().create();
        this.filter = configuration.getCacheEntryEventFilterFactory() == null ? null
                : configuration.getCacheEntryEventFilterFactory().create();
    }

    boolean wants(EventType type) {
        return switch (type) {
            case CREATED -> listener instanceof CacheEntryCreatedListener;
            case UPDATED -> listener instanceof CacheEntryUpdatedListener;
            case REMOVED -> listener instanceof CacheEntryRemovedListener;
            case EXPIRED -> listener instanceof CacheEntryExpiredListener;
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    void deliver(Cache<K, V> cache, EventType type, K key, V oldValue, V value, Executor asynchronous) {
        if (!wants(type)) {
            return;
        }
        boolean gone = type == EventType.REMOVED || type == EventType.EXPIRED;
        boolean withOld = configuration.isOldValueRequired();
        Event<K, V> event = new Event<>(cache, type, key, withOld ? oldValue : null,
                gone && !withOld ? null : value, withOld || type == EventType.UPDATED);
        if (filter != null && !filter.evaluate(event)) {
            return;
        }
        Runnable send = () -> {
            List events = List.of(event);
            switch (type) {
                case CREATED -> ((CacheEntryCreatedListener) listener).onCreated(events);
                case UPDATED -> ((CacheEntryUpdatedListener) listener).onUpdated(events);
                case REMOVED -> ((CacheEntryRemovedListener) listener).onRemoved(events);
                case EXPIRED -> ((CacheEntryExpiredListener) listener).onExpired(events);
                default -> throw new IllegalStateException();
            }
        };
        if (configuration.isSynchronous()) {
            try {
                send.run();
            } catch (RuntimeException e) {
                throw new javax.cache.event.CacheEntryListenerException(e);
            }
        } else {
            asynchronous.execute(send);
        }
    }

    void close() {
        for (Object closeable : new Object[] {listener, filter}) {
            if (closeable instanceof java.io.Closeable c) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }
}
