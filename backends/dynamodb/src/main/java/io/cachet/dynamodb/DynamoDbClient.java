package io.cachet.dynamodb;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The DynamoDB client Cachet builds from {@link DynamoDbSettings}, with the threads it owns: its
 * own Netty event loop (so that closing need not sit out Netty's two-second quiet period) and the
 * executor futures complete on, off the event loop; all daemon threads.
 */
final class DynamoDbClient implements AutoCloseable {
    private final DynamoDbAsyncClient client;
    private final io.netty.channel.EventLoopGroup loops;
    private final ExecutorService completions;

    private DynamoDbClient(DynamoDbAsyncClient client, io.netty.channel.EventLoopGroup loops,
                           ExecutorService completions) {
        this.client = client;
        this.loops = loops;
        this.completions = completions;
    }

    /**
     * The client the settings describe.
     *
     * @throws IllegalArgumentException when the SDK cannot build it (a bad region, say)
     */
    static DynamoDbClient create(DynamoDbSettings settings) {
        ExecutorService completions = Executors.newFixedThreadPool(2, daemon("cachet-dynamodb"));
        io.netty.channel.EventLoopGroup loops = new io.netty.channel.nio.NioEventLoopGroup(settings.eventLoopThreads(),
                daemon("cachet-dynamodb-io"));
        DynamoDbAsyncClientBuilder builder = DynamoDbAsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(settings.maxConcurrency())
                        .eventLoopGroup(SdkEventLoopGroup.create(loops, io.netty.channel.socket.nio.NioSocketChannel::new))
                        .connectionTimeout(Duration.ofSeconds(1)))
                .overrideConfiguration(c -> c.apiCallTimeout(settings.apiCallTimeout()))
                .asyncConfiguration(c -> c.advancedOption(SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR,
                        completions));
        if (settings.region() != null) {
            builder.region(Region.of(settings.region()));
        } else if (settings.endpoint() != null) {
            builder.region(Region.US_EAST_1); // a local endpoint ignores it, but the SDK needs one
        }
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        if (settings.accessKeyId() != null) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey())));
        }
        try {
            return new DynamoDbClient(builder.build(), loops, completions);
        } catch (RuntimeException e) {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            completions.shutdownNow();
            throw new IllegalArgumentException("cannot create the DynamoDB client: " + e.getMessage(), e);
        }
    }

    DynamoDbAsyncClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        completions.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
