package io.cachet.sample;

import io.cachet.sample.shapes.Snake;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The JSON best practice on RESTEasy: one shared {@code Jsonb}. Without a resolver RESTEasy 6.2
 * builds a new {@code Jsonb} for every JSON response (a {@code ServiceLoader} walk over JBoss
 * Modules on WildFly), which costs more than the rest of the request. {@link Snake} gets its own,
 * snake_case one, as an application configures JSON-B per type.
 * {@code -Dcachet.sample.shared-jsonb=false} turns the shared one off (the benchmark compares).
 */
@Provider
public class SharedJsonb implements ContextResolver<Jsonb> {
    private static final boolean SHARED = !"false".equals(System.getProperty("cachet.sample.shared-jsonb"));
    private static final Jsonb DEFAULT = JsonbBuilder.create();
    private static final Jsonb SNAKE = JsonbBuilder.create(new JsonbConfig()
            .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES));

    @Override
    public Jsonb getContext(Class<?> type) {
        if (type == Snake.class) {
            return SNAKE;
        }
        return SHARED ? DEFAULT : null;
    }
}
