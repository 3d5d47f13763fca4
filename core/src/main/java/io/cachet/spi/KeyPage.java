package io.cachet.spi;

import java.util.List;

/** One page of keys from {@link CacheBackend#scan}; {@code nextCursor} is null on the last page. */
public record KeyPage(List<String> keys, String nextCursor) {
    public KeyPage {
        keys = List.copyOf(keys);
    }
}
