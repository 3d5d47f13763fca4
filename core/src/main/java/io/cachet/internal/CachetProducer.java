package io.cachet.internal;

import io.cachet.Cachet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/** Makes the running {@link CachetAdmin} injectable as {@link Cachet}. */
@Dependent
public class CachetProducer {

    @Produces
    @ApplicationScoped
    Cachet cachet(CachetExtension extension) {
        return extension.cachet();
    }
}
