package io.cachet.sample;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JAX-RS application at the root, like fastapi-cache's example app. */
@ApplicationPath("/")
public class SampleApplication extends Application {
}
