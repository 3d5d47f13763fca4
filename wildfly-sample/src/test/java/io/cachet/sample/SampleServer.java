package io.cachet.sample;

import java.io.IOException;
import java.net.URI;

/** A Jakarta EE server running the sample, started by a test on a free loopback port. */
interface SampleServer extends AutoCloseable {
    /** The sample's URL for {@code path}. */
    URI uri(String path);

    /** What the server printed. */
    String console() throws IOException;

    @Override
    void close();
}
