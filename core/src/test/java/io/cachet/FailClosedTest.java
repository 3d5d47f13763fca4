package io.cachet;

import io.cachet.memory.InMemoryBackend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Fail-closed is an explicit option: then a store failure fails the call. */
@EnableWeld
class FailClosedTest {
    final FaultyBackend backend = new FaultyBackend(InMemoryBackend.create());

    @WeldSetup
    WeldInitiator weld = Cdi.with(CacheSettings.builder().failOpen(false).build(), backend, Service.class);

    @Inject
    Service service;

    @ApplicationScoped
    static class Service {
        @Cached
        public String value() {
            return "v";
        }
    }

    @Test
    void failingStore_failsTheCall() {
        assertEquals("v", service.value());
        backend.fault = FaultyBackend.Fault.FAIL;
        CacheException failure = assertThrows(CacheException.class, () -> service.value());
        assertEquals(true, failure.getMessage().contains("faulty-memory"), failure.getMessage());
    }
}
