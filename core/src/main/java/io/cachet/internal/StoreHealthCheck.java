package io.cachet.internal;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * A MicroProfile Health readiness check of one store ({@code cachet-store-<name>}): UP while its
 * circuit breaker lets calls through, DOWN while it is open after repeated failures. Loaded only
 * when MicroProfile Health is on the class path; {@code cachet.health=off} leaves it out.
 */
final class StoreHealthCheck implements HealthCheck {
    private final CachetExtension extension;
    private final String store;

    StoreHealthCheck(CachetExtension extension, String store) {
        this.extension = extension;
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        String name = "cachet-store-" + store;
        CacheEngine engine;
        try {
            engine = extension.engine();
        } catch (IllegalStateException notStarted) {
            return response(name, false, java.util.Map.of("reason", "Cachet is not started"));
        }
        Namespaces namespaces = engine.configuration();
        for (GuardedBackend candidate : namespaces.stores()) {
            if (namespaces.storeName(candidate).equals(store)) {
                boolean up = candidate.available();
                return response(name, up, java.util.Map.of("backend", candidate.name(), "circuit", up ? "closed" : "open"));
            }
        }
        return response(name, false, java.util.Map.of("reason", "no such store"));
    }

    /** Built directly, so no health implementation's response builder is needed. */
    private static HealthCheckResponse response(String name, boolean up, java.util.Map<String, Object> data) {
        return new HealthCheckResponse(name, up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                java.util.Optional.of(data));
    }

    /** Registers one readiness check per store when MicroProfile Health is present. */
    static void register(jakarta.enterprise.inject.spi.AfterBeanDiscovery event, CachetExtension extension,
                         java.util.Set<String> stores) {
        for (String store : stores) {
            event.addBean().beanClass(StoreHealthCheck.class).types(HealthCheck.class, Object.class)
                    .qualifiers(org.eclipse.microprofile.health.Readiness.Literal.INSTANCE,
                            jakarta.enterprise.inject.Any.Literal.INSTANCE)
                    .scope(jakarta.enterprise.context.Dependent.class)
                    .createWith(context -> new StoreHealthCheck(extension, store));
        }
    }
}
