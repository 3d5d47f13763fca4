package io.cachet;

import io.cachet.coder.SerializationCoder;
import org.junit.jupiter.api.Test;

import java.io.Serializable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code cachet.serialization.allow} is read like every Cachet property, the environment variable
 * {@code CACHET_SERIALIZATION_ALLOW} included (the build sets it for this test's class).
 */
class SerializationFromEnvironmentTest {

    /** Allowed only by the environment variable. */
    public record EnvironmentAllowed(String name) implements Serializable {
    }

    /** Allowed by nothing. */
    public record NotAllowed(String name) implements Serializable {
    }

    @Test
    void allowListFromTheEnvironment_isHonoured() {
        SerializationCoder coder = new SerializationCoder();
        byte[] allowed = coder.encode(new EnvironmentAllowed("x"), Serializable.class);
        assertEquals(new EnvironmentAllowed("x"), coder.decode(allowed, 0, allowed.length, Serializable.class));
        byte[] other = coder.encode(new NotAllowed("y"), Serializable.class);
        assertThrows(CacheException.class, () -> coder.decode(other, 0, other.length, Serializable.class),
                "anything else stays rejected");
    }
}
