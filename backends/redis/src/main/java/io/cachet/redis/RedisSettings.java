package io.cachet.redis;

import org.redisson.Redisson;
import io.cachet.spi.Properties;
import io.cachet.spi.Require;
import org.redisson.api.RedissonClient;
import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SingleServerConfig;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * How Cachet builds its own Redisson client: immutable, validated by {@link #builder()}. The
 * defaults are sized for a small (2-core) container: 2 Redisson threads, 4 Netty threads,
 * 2 idle and at most 8 connections per node, 1 s timeouts, lazy connection (the application
 * starts even while Redis is down).
 */
public final class RedisSettings {
    /** Values larger than this are not cached unless configured otherwise. */
    public static final long DEFAULT_MAX_VALUE_BYTES = 16L * 1024 * 1024;

    /** How the servers are arranged. */
    public enum Mode { STANDALONE, CLUSTER, SENTINEL }

    private final Mode mode;
    private final List<String> addresses;
    private final String masterName;
    private final String username;
    private final String password;
    private final int database;
    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private final int retryAttempts;
    private final int connectionPoolSize;
    private final int connectionMinimumIdle;
    private final int threads;
    private final int nettyThreads;
    private final long maxValueBytes;

    private RedisSettings(Builder b) {
        this.mode = b.mode;
        this.addresses = List.copyOf(b.addresses);
        this.masterName = b.masterName;
        this.username = b.username;
        this.password = b.password;
        this.database = b.database;
        this.connectTimeout = b.connectTimeout;
        this.commandTimeout = b.commandTimeout;
        this.retryAttempts = b.retryAttempts;
        this.connectionPoolSize = b.connectionPoolSize;
        this.connectionMinimumIdle = b.connectionMinimumIdle;
        this.threads = b.threads;
        this.nettyThreads = b.nettyThreads;
        this.maxValueBytes = b.maxValueBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.mode = mode;
        b.addresses = addresses;
        b.masterName = masterName;
        b.username = username;
        b.password = password;
        b.database = database;
        b.connectTimeout = connectTimeout;
        b.commandTimeout = commandTimeout;
        b.retryAttempts = retryAttempts;
        b.connectionPoolSize = connectionPoolSize;
        b.connectionMinimumIdle = connectionMinimumIdle;
        b.threads = threads;
        b.nettyThreads = nettyThreads;
        b.maxValueBytes = maxValueBytes;
        return b;
    }

    public Mode mode() {
        return mode;
    }

    public List<String> addresses() {
        return addresses;
    }

    public long maxValueBytes() {
        return maxValueBytes;
    }

    /** The Redisson configuration these settings describe. */
    public Config toRedissonConfig() {
        Config config = new Config();
        config.setThreads(threads);
        config.setNettyThreads(nettyThreads);
        config.setLazyInitialization(true);
        config.setUseScriptCache(true);
        String[] nodes = addresses.toArray(String[]::new);
        switch (mode) {
            case STANDALONE -> {
                SingleServerConfig single = config.useSingleServer().setAddress(nodes[0]).setDatabase(database)
                        .setConnectionPoolSize(connectionPoolSize)
                        .setConnectionMinimumIdleSize(connectionMinimumIdle)
                        .setSubscriptionConnectionPoolSize(2).setSubscriptionConnectionMinimumIdleSize(0);
                common(single);
            }
            case CLUSTER -> {
                ClusterServersConfig cluster = config.useClusterServers().addNodeAddress(nodes);
                pools(cluster);
                common(cluster);
            }
            case SENTINEL -> {
                SentinelServersConfig sentinel = config.useSentinelServers().setMasterName(masterName)
                        .addSentinelAddress(nodes).setDatabase(database).setCheckSentinelsList(false);
                if (password != null) {
                    sentinel.setSentinelPassword(password);
                }
                pools(sentinel);
                common(sentinel);
            }
            default -> throw new IllegalStateException("unknown mode " + mode);
        }
        return config;
    }

    private void pools(BaseMasterSlaveServersConfig<?> servers) {
        // Reads from the master: a replica lags, and a cache must not serve what was just cleared.
        servers.setReadMode(ReadMode.MASTER);
        servers.setMasterConnectionPoolSize(connectionPoolSize).setMasterConnectionMinimumIdleSize(connectionMinimumIdle)
                .setSlaveConnectionPoolSize(connectionPoolSize).setSlaveConnectionMinimumIdleSize(connectionMinimumIdle)
                .setSubscriptionConnectionPoolSize(2).setSubscriptionConnectionMinimumIdleSize(0);
    }

    private void common(org.redisson.config.BaseConfig<?> servers) {
        servers.setConnectTimeout((int) connectTimeout.toMillis())
                .setTimeout((int) commandTimeout.toMillis())
                .setRetryAttempts(retryAttempts)
                .setClientName("cachet");
        if (username != null) {
            servers.setUsername(username);
        }
        if (password != null) {
            servers.setPassword(password);
        }
    }

    RedissonClient createClient() {
        return Redisson.create(toRedissonConfig());
    }

    /**
     * Settings from {@code cachet.redis.*} properties (see the README's table); a bad value
     * is named with its property.
     */
    public static RedisSettings fromProperties(Function<String, String> property) {
        Properties p = new Properties(property).under("cachet.redis.");
        Builder b = builder();
        p.oneOf("mode", "standalone", "cluster", "sentinel").map(v -> Mode.valueOf(v.toUpperCase(Locale.ROOT)))
                .ifPresent(b::mode);
        p.list("address").ifPresent(b::addresses);
        p.text("master-name").ifPresent(b::masterName);
        p.text("username").ifPresent(b::username);
        p.text("password").ifPresent(b::password);
        p.integer("database").ifPresent(b::database);
        p.integer("connect-timeout-ms").map(Duration::ofMillis).ifPresent(b::connectTimeout);
        p.integer("timeout-ms").map(Duration::ofMillis).ifPresent(b::commandTimeout);
        p.integer("retry-attempts").ifPresent(b::retryAttempts);
        p.integer("pool-size").ifPresent(b::connectionPoolSize);
        p.integer("min-idle").ifPresent(b::connectionMinimumIdle);
        p.integer("threads").ifPresent(b::threads);
        p.integer("netty-threads").ifPresent(b::nettyThreads);
        p.positive("max-value-bytes").ifPresent(b::maxValueBytes);
        return b.build();
    }

    @Override
    public String toString() {
        return "RedisSettings[" + mode + " " + addresses + (masterName == null ? "" : " master " + masterName)
                + ", database " + database + ", pool " + connectionMinimumIdle + ".." + connectionPoolSize
                + ", threads " + threads + "/" + nettyThreads + ", timeout " + commandTimeout + "]";
    }

    /** Builds {@link RedisSettings}; each setter rejects a bad value naming it. */
    public static final class Builder {
        private Mode mode = Mode.STANDALONE;
        private List<String> addresses = List.of("redis://127.0.0.1:6379");
        private String masterName;
        private String username;
        private String password;
        private int database;
        private Duration connectTimeout = Duration.ofSeconds(1);
        private Duration commandTimeout = Duration.ofSeconds(1);
        private int retryAttempts = 1;
        private int connectionPoolSize = 8;
        private int connectionMinimumIdle = 2;
        private int threads = 2;
        private int nettyThreads = 4;
        private long maxValueBytes = DEFAULT_MAX_VALUE_BYTES;

        private Builder() {
        }

        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** One address standalone; the seed nodes of a cluster; the sentinels. {@code rediss://} is TLS. */
        public Builder addresses(List<String> addresses) {
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("addresses must name at least one redis:// or rediss:// address");
            }
            for (String address : addresses) {
                validateAddress(address);
            }
            this.addresses = List.copyOf(addresses);
            return this;
        }

        public Builder address(String address) {
            return addresses(List.of(address));
        }

        /** The master's name, for {@link Mode#SENTINEL}. */
        public Builder masterName(String masterName) {
            if (masterName == null || masterName.isBlank()) {
                throw new IllegalArgumentException("masterName must not be blank");
            }
            this.masterName = masterName;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder database(int database) {
            this.database = Require.notNegative("database", database);
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /** How long Redisson waits for a reply (Cachet's own backend timeout bounds each call too). */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = positive("commandTimeout", timeout);
            return this;
        }

        public Builder retryAttempts(int retryAttempts) {
            this.retryAttempts = Require.notNegative("retryAttempts", retryAttempts);
            return this;
        }

        public Builder connectionPoolSize(int size) {
            this.connectionPoolSize = Require.atLeast("connectionPoolSize", size, 1);
            return this;
        }

        public Builder connectionMinimumIdle(int size) {
            this.connectionMinimumIdle = Require.atLeast("connectionMinimumIdle", size, 0);
            return this;
        }

        /** Redisson's callback threads. */
        public Builder threads(int threads) {
            this.threads = Require.atLeast("threads", threads, 1);
            return this;
        }

        /** Netty's event-loop threads. */
        public Builder nettyThreads(int threads) {
            this.nettyThreads = Require.atLeast("nettyThreads", threads, 1);
            return this;
        }

        public Builder maxValueBytes(long bytes) {
            this.maxValueBytes = Require.positive("maxValueBytes", bytes);
            return this;
        }

        public RedisSettings build() {
            if (connectionMinimumIdle > connectionPoolSize) {
                throw new IllegalArgumentException("connectionMinimumIdle (" + connectionMinimumIdle
                        + ") must not exceed connectionPoolSize (" + connectionPoolSize + ")");
            }
            if (mode == Mode.SENTINEL && masterName == null) {
                throw new IllegalArgumentException("sentinel mode (cachet.redis.mode) needs the master's name (cachet.redis.master-name)");
            }
            if (mode == Mode.STANDALONE && addresses.size() != 1) {
                throw new IllegalArgumentException("standalone mode takes exactly one address (cachet.redis.address), but was "
                        + addresses + " (set cachet.redis.mode to cluster or sentinel for several)");
            }
            return new RedisSettings(this);
        }

        private static void validateAddress(String address) {
            try {
                URI uri = URI.create(address);
                if (!("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme()))
                        || uri.getHost() == null || uri.getPort() <= 0) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("address must look like redis://host:port or rediss://host:port, but was '"
                        + address + "'");
            }
        }

        /** Positive, and in whole milliseconds that fit Redisson's {@code int} timeouts. */
        private static Duration positive(String name, Duration value) {
            Require.positive(name, value);
            if (value.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + " must be at most " + Integer.MAX_VALUE + " ms, but was " + value);
            }
            return value;
        }
    }
}
