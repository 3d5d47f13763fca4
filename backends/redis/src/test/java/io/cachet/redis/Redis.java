package io.cachet.redis;

import java.time.Duration;
import java.util.List;

/** Settings for tests: small pools and threads, as a 2-core CI machine wants. */
final class Redis {
    private Redis() {
    }

    static RedisSettings.Builder small(String... addresses) {
        return RedisSettings.builder().addresses(List.of(addresses)).threads(1).nettyThreads(2)
                .connectionPoolSize(4).connectionMinimumIdle(1).commandTimeout(Duration.ofSeconds(2));
    }
}
