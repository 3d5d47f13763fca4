package io.cachet;

import io.cachet.memory.InMemoryBackend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** At most {@code maxWaiters} callers wait for one computation of a key; the next run uncached at once. */
@EnableWeld
class WaiterCapTest {
    @WeldSetup
    WeldInitiator weld = Cdi.with(CacheSettings.builder().maxWaiters(2).build(), InMemoryBackend.create(),
            Slow.class);

    @Inject
    Slow slow;

    @ApplicationScoped
    static class Slow {
        static final AtomicInteger CALLS = new AtomicInteger();
        static final CountDownLatch ENTERED = new CountDownLatch(1);
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        @Cached(expire = 60)
        public int value() throws InterruptedException {
            int call = CALLS.incrementAndGet();
            if (call == 1) {
                ENTERED.countDown();
                assertTrue(RELEASE.await(30, TimeUnit.SECONDS));
            }
            return call;
        }
    }

    @Test
    void callersBeyondTheCap_doNotWait_theyRunUncached() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            Future<Integer> leader = pool.submit(slow::value);
            assertTrue(Slow.ENTERED.await(30, TimeUnit.SECONDS));
            CountDownLatch finished = new CountDownLatch(2);
            List<Future<Integer>> others = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                others.add(pool.submit(() -> {
                    try {
                        return slow.value();
                    } finally {
                        finished.countDown();
                    }
                }));
            }
            assertTrue(finished.await(30, TimeUnit.SECONDS), "two callers over the cap ran without waiting");
            assertEquals(3, Slow.CALLS.get(), "the leader, and the two over the cap");
            Slow.RELEASE.countDown();
            assertEquals(1, leader.get(30, TimeUnit.SECONDS));
            int followedTheLeader = 0;
            for (Future<Integer> other : others) {
                if (other.get(30, TimeUnit.SECONDS) == 1) {
                    followedTheLeader++;
                }
            }
            assertEquals(2, followedTheLeader, "two waited for the leader's value");
        } finally {
            pool.shutdownNow();
        }
    }
}
