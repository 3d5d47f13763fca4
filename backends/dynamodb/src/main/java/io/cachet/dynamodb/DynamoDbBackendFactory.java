package io.cachet.dynamodb;

import io.cachet.spi.BackendFactory;
import io.cachet.spi.CacheBackend;

import java.time.InstantSource;
import java.util.function.Function;

/** {@code cachet.backend=dynamodb}: configured from {@code cachet.dynamodb.*}. */
public final class DynamoDbBackendFactory implements BackendFactory {
    @Override
    public String name() {
        return "dynamodb";
    }

    @Override
    public CacheBackend create(Function<String, String> property, InstantSource clock) {
        return DynamoDbBackend.create(DynamoDbSettings.fromProperties(property), clock);
    }
}
