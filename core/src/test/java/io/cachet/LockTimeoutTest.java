package io.cachet;

import io.cachet.memory.InMemoryBackend;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.cachet.StampedeTest.FOLLOWERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Followers wait for a stuck leader only up to the lock timeout, then run the method uncached. */
@EnableWeld
class LockTimeoutTest {
    final InMemoryBackend backend = InMemoryBackend.create();

    @WeldSetup
    WeldInitiator weld = Cdi.with(CacheSettings.builder().lockTimeout(Duration.ofMillis(200)).build(), backend,
            StampedeTest.Slow.class);

    @Inject
    StampedeTest.Slow slow;
    @Inject
    Cachet cachet;

    @Test
    void lockTimeout_followersRunUncached() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(FOLLOWERS + 1);
        try {
            Future<Item> leader = pool.submit(() -> slow.compute("t"));
            assertTrue(slow.entered().await(30, TimeUnit.SECONDS));
            List<Future<Item>> followers = new ArrayList<>();
            for (int i = 0; i < FOLLOWERS; i++) {
                followers.add(pool.submit(() -> slow.compute("t")));
            }
            // The leader is held until every follower has given up waiting and answered itself.
            for (Future<Item> follower : followers) {
                assertEquals(Item.sample("t"), follower.get(30, TimeUnit.SECONDS));
            }
            assertEquals(FOLLOWERS, cachet.stats().lockTimeouts());
            assertEquals(1 + FOLLOWERS, slow.calls());
            slow.release().countDown();
            assertEquals(Item.sample("t"), leader.get(30, TimeUnit.SECONDS));
            assertEquals(Item.sample("t"), slow.compute("t"));
            assertEquals(1 + FOLLOWERS, slow.calls(), "the leader stored its result");
        } finally {
            pool.shutdownNow();
        }
    }

}
