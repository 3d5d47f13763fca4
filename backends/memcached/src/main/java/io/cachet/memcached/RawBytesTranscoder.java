package io.cachet.memcached;

import net.spy.memcached.CachedData;
import net.spy.memcached.transcoders.Transcoder;

/**
 * Stores bytes exactly: flags 0, no serialization, and none of spymemcached's default
 * gzip-over-16-KB compression.
 */
final class RawBytesTranscoder implements Transcoder<byte[]> {
    static final RawBytesTranscoder INSTANCE = new RawBytesTranscoder();

    @Override
    public boolean asyncDecode(CachedData data) {
        return false;
    }

    @Override
    public CachedData encode(byte[] value) {
        return new CachedData(0, value, Integer.MAX_VALUE);
    }

    @Override
    public byte[] decode(CachedData data) {
        return data.getData();
    }

    @Override
    public int getMaxSize() {
        return Integer.MAX_VALUE;
    }
}
