package io.cachet.memcached;

import io.cachet.spi.Properties;
import io.cachet.spi.Require;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How Cachet builds its own spymemcached client: the nodes (any number, consistent KETAMA
 * hashing), the binary protocol, timeouts. Immutable, validated by {@link #builder()}.
 */
public final class MemcachedSettings {
    /** memcached's default item size is 1 MiB, key and header included. */
    public static final long DEFAULT_MAX_VALUE_BYTES = 1024L * 1024 - 512;

    private final List<InetSocketAddress> nodes;
    private final Duration operationTimeout;
    private final Duration maxReconnectDelay;
    private final long maxValueBytes;
    private final String username;
    private final String password;

    private MemcachedSettings(Builder b) {
        this.nodes = List.copyOf(b.nodes);
        this.operationTimeout = b.operationTimeout;
        this.maxReconnectDelay = b.maxReconnectDelay;
        this.maxValueBytes = b.maxValueBytes;
        this.username = b.username;
        this.password = b.password;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.nodes = nodes;
        b.operationTimeout = operationTimeout;
        b.maxReconnectDelay = maxReconnectDelay;
        b.maxValueBytes = maxValueBytes;
        b.username = username;
        b.password = password;
        return b;
    }

    public List<InetSocketAddress> nodes() {
        return nodes;
    }

    public Duration operationTimeout() {
        return operationTimeout;
    }

    public Duration maxReconnectDelay() {
        return maxReconnectDelay;
    }

    public long maxValueBytes() {
        return maxValueBytes;
    }

    String username() {
        return username;
    }

    String password() {
        return password;
    }

    /** Settings from {@code cachet.memcached.*} properties; a bad value is named with its property. */
    public static MemcachedSettings fromProperties(Function<String, String> property) {
        Properties p = new Properties(property).under("cachet.memcached.");
        Builder b = builder();
        p.text("servers").ifPresent(b::servers);
        p.millis("timeout-ms").ifPresent(b::operationTimeout);
        p.millis("max-reconnect-delay-ms").ifPresent(b::maxReconnectDelay);
        p.positive("max-value-bytes").ifPresent(b::maxValueBytes);
        p.ifEitherPresent("username", "password", b::credentials);
        return b.build();
    }

    @Override
    public String toString() {
        return "MemcachedSettings[" + nodes + ", timeout " + operationTimeout + "]";
    }

    /** Builds {@link MemcachedSettings}. */
    public static final class Builder {
        private List<InetSocketAddress> nodes = List.of(InetSocketAddress.createUnresolved("127.0.0.1", 11211));
        private Duration operationTimeout = Duration.ofSeconds(1);
        private Duration maxReconnectDelay = Duration.ofSeconds(2);
        private long maxValueBytes = DEFAULT_MAX_VALUE_BYTES;
        private String username;
        private String password;

        private Builder() {
        }

        /** Nodes as {@code host:port}, separated by commas or spaces. */
        public Builder servers(String servers) {
            List<InetSocketAddress> parsed = new ArrayList<>();
            for (String server : servers.trim().split("[\\s,]+")) {
                int colon = server.lastIndexOf(':');
                try {
                    int port = Integer.parseInt(server.substring(colon + 1));
                    if (colon <= 0 || port <= 0 || port > 65535) {
                        throw new NumberFormatException();
                    }
                    parsed.add(InetSocketAddress.createUnresolved(server.substring(0, colon), port));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("servers must be host:port[,host:port...], but was '" + servers
                            + "'");
                }
            }
            return nodes(parsed);
        }

        public Builder nodes(List<InetSocketAddress> nodes) {
            if (nodes.isEmpty()) {
                throw new IllegalArgumentException("nodes must name at least one memcached server");
            }
            this.nodes = List.copyOf(nodes);
            return this;
        }

        public Builder operationTimeout(Duration timeout) {
            this.operationTimeout = Require.positive("operationTimeout", timeout);
            return this;
        }

        /** The longest wait between attempts to reconnect to a node that went down. */
        public Builder maxReconnectDelay(Duration delay) {
            this.maxReconnectDelay = Require.positive("maxReconnectDelay", delay);
            return this;
        }

        public Builder maxValueBytes(long bytes) {
            this.maxValueBytes = Require.positive("maxValueBytes", bytes);
            return this;
        }

        /** SASL PLAIN credentials, for servers started with {@code -S}. */
        public Builder credentials(String username, String password) {
            if (username == null || password == null) {
                throw new IllegalArgumentException("credentials need both a username and a password");
            }
            this.username = username;
            this.password = password;
            return this;
        }

        public MemcachedSettings build() {
            return new MemcachedSettings(this);
        }
    }
}
