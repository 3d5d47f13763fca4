package io.cachet.internal;

import io.cachet.spi.BackendEntry;
import io.cachet.spi.CacheBackendException;
import io.cachet.spi.Capability;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * One computation of a missing key across every node sharing the store: the JVM's leader for the
 * key takes a lease in the store ({@code putIfAbsent} of a random token with the lease time as its
 * TTL: Redis {@code SET NX PX}, Memcached {@code add}, a DynamoDB conditional put that also takes an
 * expired lease) and computes; a JVM leader that finds the lease taken waits for the holder's
 * stored value, up to the lock timeout, and takes the lease itself once the holder released it
 * without storing or its lease ran out. On a store with pub/sub ({@link Capability#NOTIFY}: Redis)
 * the holder's release wakes the waiters (which still look every 250 ms, for a missed message);
 * elsewhere they poll with a growing pause (2 ms to 50 ms). Only each JVM's
 * leader polls (its callers wait in the JVM's flight), so the store sees one poller per key and
 * node. The lease is released by compare-and-delete on its token, never someone else's. A store
 * in the JVM ({@link Capability#LOCAL}) needs none of this: the JVM's flight is the cluster's.
 */
final class ClusterFlight {
    private static final long FIRST_PAUSE_NANOS = 2_000_000;
    private static final long MAX_PAUSE_NANOS = 50_000_000;
    /** With pub/sub, a waiter still looks this often (a message sent before it subscribed is missed). */
    private static final long NOTIFIED_PAUSE_NANOS = 250_000_000;

    private final GuardedBackend store;
    private final String prefix;
    private final Duration leaseTime;
    private final long waitNanos;
    private final LongSupplier nanoTime;

    ClusterFlight(GuardedBackend store, String prefix, Duration leaseTime, Duration wait, LongSupplier nanoTime) {
        this.store = store;
        this.prefix = prefix + ":cachet-lease:";
        this.leaseTime = leaseTime;
        this.waitNanos = wait.toNanos();
        this.nanoTime = nanoTime;
    }

    private boolean notifies() {
        return store.capabilities().contains(Capability.NOTIFY);
    }

    /** Whether the store is shared between JVMs, so that leases mean anything. */
    boolean applies() {
        return !store.capabilities().contains(Capability.LOCAL);
    }

    /** What waiting for a key's lease ended with: a lease to compute under, the value someone stored, or neither (time is up). */
    record Outcome(Lease lease, byte[] landed) {
        boolean timedOut() {
            return lease == null && landed == null;
        }
    }

    /** A held lease: release it once the value is stored (or not). */
    final class Lease {
        private final String key;
        private final byte[] token;

        private Lease(String key, byte[] token) {
            this.key = key;
            this.token = token;
        }

        /**
         * Removes the lease if it is still this one (compare-and-delete on its token), and wakes
         * the waiters where the store can (pub/sub); best effort.
         */
        void release() {
            if (token == null) {
                return;
            }
            try {
                BackendEntry held = GuardedBackend.await(store.get(key));
                if (held != null && Arrays.equals(held.value(), token)) {
                    GuardedBackend.await(store.delete(key, held));
                }
            } catch (CacheBackendException e) {
                // counted and logged by the guard: the lease runs out by itself
            }
            if (notifies()) {
                store.publish(key); // not waited for: a waiter that misses it looks again soon
            }
        }
    }

    /**
     * Takes {@code key}'s lease, or waits for the value its holder stores ({@code landed} tells a
     * stored envelope that answers the call: fresh, not a stale one). A store that fails is no
     * reason not to compute: the caller gets a lease that holds nothing.
     */
    Outcome acquireOrAwait(String key, java.util.function.Function<String, byte[]> read, Predicate<byte[]> landed) {
        String leaseKey = prefix + key;
        byte[] token = token();
        long deadline = nanoTime.getAsLong() + waitNanos;
        if (!notifies()) {
            return await(key, leaseKey, token, deadline, read, landed, null);
        }
        Thread waiter = Thread.currentThread();
        AutoCloseable woken = store.subscribe(leaseKey, () -> LockSupport.unpark(waiter));
        try {
            return await(key, leaseKey, token, deadline, read, landed, woken);
        } finally {
            try {
                woken.close();
            } catch (Exception ignored) {
                // unsubscribing is best effort
            }
        }
    }

    /** The lease or the landed value; {@code woken}: a subscription unparks this thread when the lease is released. */
    private Outcome await(String key, String leaseKey, byte[] token, long deadline,
                          java.util.function.Function<String, byte[]> read, Predicate<byte[]> landed,
                          AutoCloseable woken) {
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            Boolean acquired;
            try {
                acquired = GuardedBackend.await(store.putIfAbsent(leaseKey, token, leaseTime));
            } catch (CacheBackendException e) {
                return new Outcome(new Lease(leaseKey, null), null); // fail-open: compute, leased or not
            }
            if (Boolean.TRUE.equals(acquired)) {
                Lease lease = new Lease(leaseKey, token);
                byte[] stored;
                try {
                    stored = read.apply(key);
                } catch (RuntimeException | Error e) {
                    lease.release(); // a fail-closed read that throws: the lease must not outlive the call
                    throw e;
                }
                if (stored != null && landed.test(stored)) {
                    lease.release(); // the last holder stored, then released: its value answers
                    return new Outcome(null, stored);
                }
                return new Outcome(lease, null);
            }
            byte[] envelope = read.apply(key);
            if (envelope != null && landed.test(envelope)) {
                return new Outcome(null, envelope);
            }
            long left = deadline - nanoTime.getAsLong();
            if (left <= 0) {
                return new Outcome(null, null);
            }
            if (woken != null) {
                LockSupport.parkNanos(Math.min(NOTIFIED_PAUSE_NANOS, left)); // until the holder's release wakes it
            } else {
                LockSupport.parkNanos(Math.min(pause, left));
                pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
            }
        }
    }

    private static byte[] token() {
        UUID id = UUID.randomUUID();
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }
}
