package io.cachet.dynamodb;

import io.cachet.spi.Properties;
import io.cachet.spi.Require;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How Cachet builds its own DynamoDB client and which table it uses. Immutable, validated by
 * {@link #builder()}. Credentials come from the SDK's default chain unless given explicitly.
 */
public final class DynamoDbSettings {
    /** DynamoDB's item limit is 400 KB including attribute names and keys; this leaves room for them. */
    public static final long DEFAULT_MAX_VALUE_BYTES = 400L * 1024 - 4096;
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

    private final String table;
    private final String region;
    private final URI endpoint;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final boolean createTable;
    private final boolean enableTtl;
    private final Duration apiCallTimeout;
    private final int maxConcurrency;
    private final int eventLoopThreads;
    private final long maxValueBytes;

    private DynamoDbSettings(Builder b) {
        this.table = b.table;
        this.region = b.region;
        this.endpoint = b.endpoint;
        this.accessKeyId = b.accessKeyId;
        this.secretAccessKey = b.secretAccessKey;
        this.createTable = b.createTable;
        this.enableTtl = b.enableTtl;
        this.apiCallTimeout = b.apiCallTimeout;
        this.maxConcurrency = b.maxConcurrency;
        this.eventLoopThreads = b.eventLoopThreads;
        this.maxValueBytes = b.maxValueBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.table = table;
        b.region = region;
        b.endpoint = endpoint;
        b.accessKeyId = accessKeyId;
        b.secretAccessKey = secretAccessKey;
        b.createTable = createTable;
        b.enableTtl = enableTtl;
        b.apiCallTimeout = apiCallTimeout;
        b.maxConcurrency = maxConcurrency;
        b.eventLoopThreads = eventLoopThreads;
        b.maxValueBytes = maxValueBytes;
        return b;
    }

    public String table() {
        return table;
    }

    /** The region, or {@code null} for the SDK's default region chain. */
    public String region() {
        return region;
    }

    /** The endpoint override (a local DynamoDB-compatible server), or {@code null} for AWS. */
    public URI endpoint() {
        return endpoint;
    }

    String accessKeyId() {
        return accessKeyId;
    }

    String secretAccessKey() {
        return secretAccessKey;
    }

    /** Whether a missing table is created at start-up (off by default). */
    public boolean createTable() {
        return createTable;
    }

    /** Whether DynamoDB's TTL is switched on for the {@code ttl} attribute at start-up. */
    public boolean enableTtl() {
        return enableTtl;
    }

    public Duration apiCallTimeout() {
        return apiCallTimeout;
    }

    public int maxConcurrency() {
        return maxConcurrency;
    }

    public int eventLoopThreads() {
        return eventLoopThreads;
    }

    public long maxValueBytes() {
        return maxValueBytes;
    }

    /** Settings from {@code cachet.dynamodb.*} properties; a bad value is named with its property. */
    public static DynamoDbSettings fromProperties(Function<String, String> property) {
        Properties p = new Properties(property).under("cachet.dynamodb.");
        Builder b = builder();
        p.text("table").ifPresent(b::table);
        p.text("region").ifPresent(b::region);
        p.parsed("endpoint", "a URI", URI::create).ifPresent(b::endpoint);
        p.bool("create-table").ifPresent(b::createTable);
        p.bool("enable-ttl").ifPresent(b::enableTtl);
        p.millis("timeout-ms").ifPresent(b::apiCallTimeout);
        p.integer("max-concurrency", 1, Integer.MAX_VALUE).ifPresent(b::maxConcurrency);
        p.integer("event-loop-threads", 1, Integer.MAX_VALUE).ifPresent(b::eventLoopThreads);
        p.positive("max-value-bytes").ifPresent(b::maxValueBytes);
        p.ifEitherPresent("access-key-id", "secret-access-key", b::credentials);
        return b.build();
    }

    @Override
    public String toString() {
        return "DynamoDbSettings[table " + table + ", region " + region + ", endpoint " + endpoint + "]";
    }

    /** Builds {@link DynamoDbSettings}. */
    public static final class Builder {
        private String table = "cachet";
        private String region;
        private URI endpoint;
        private String accessKeyId;
        private String secretAccessKey;
        private boolean createTable;
        private boolean enableTtl;
        private Duration apiCallTimeout = Duration.ofSeconds(2);
        private int maxConcurrency = 32;
        private int eventLoopThreads = 2;
        private long maxValueBytes = DEFAULT_MAX_VALUE_BYTES;

        private Builder() {
        }

        public Builder table(String table) {
            if (table == null || !TABLE_NAME.matcher(table).matches()) {
                throw new IllegalArgumentException("table must be 3-255 of [a-zA-Z0-9_.-], but was '" + table + "'");
            }
            this.table = table;
            return this;
        }

        public Builder region(String region) {
            if (region == null || region.isBlank()) {
                throw new IllegalArgumentException("region must not be blank");
            }
            this.region = region;
            return this;
        }

        public Builder endpoint(URI endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            if (endpoint.getScheme() == null || endpoint.getHost() == null
                    || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https"))) {
                throw new IllegalArgumentException("endpoint must be an http(s)://host[:port] URI, but was '" + endpoint + "'");
            }
            this.endpoint = endpoint;
            return this;
        }

        public Builder credentials(String accessKeyId, String secretAccessKey) {
            if (accessKeyId == null || secretAccessKey == null) {
                throw new IllegalArgumentException("credentials need both an access key id and a secret access key");
            }
            this.accessKeyId = accessKeyId;
            this.secretAccessKey = secretAccessKey;
            return this;
        }

        public Builder createTable(boolean createTable) {
            this.createTable = createTable;
            return this;
        }

        public Builder enableTtl(boolean enableTtl) {
            this.enableTtl = enableTtl;
            return this;
        }

        /** The whole call, SDK retries included. */
        public Builder apiCallTimeout(Duration timeout) {
            this.apiCallTimeout = Require.positive("apiCallTimeout", timeout);
            return this;
        }

        public Builder maxConcurrency(int maxConcurrency) {
            this.maxConcurrency = Require.atLeast("maxConcurrency", maxConcurrency, 1);
            return this;
        }

        public Builder eventLoopThreads(int threads) {
            this.eventLoopThreads = Require.atLeast("eventLoopThreads", threads, 1);
            return this;
        }

        public Builder maxValueBytes(long bytes) {
            this.maxValueBytes = Require.positive("maxValueBytes", bytes);
            return this;
        }

        public DynamoDbSettings build() {
            return new DynamoDbSettings(this);
        }
    }
}
