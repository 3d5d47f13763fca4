package io.cachet.internal;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Spans through the OpenTelemetry API, loaded only when it is on the class path: one per
 * {@code @Cached} call, named {@code cachet <Bean>.<method>}, with {@code cache.outcome},
 * {@code cache.namespace}, {@code cache.backend} and {@code cache.key.digest} (the first 16 hex
 * digits of the key's SHA-256: never the key, which may hold the arguments).
 */
final class OpenTelemetryTracer implements CallTracer {
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("cache.outcome");
    static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("cache.namespace");
    static final AttributeKey<String> BACKEND = AttributeKey.stringKey("cache.backend");
    static final AttributeKey<String> KEY_DIGEST = AttributeKey.stringKey("cache.key.digest");

    private final Tracer tracer;

    OpenTelemetryTracer(Object openTelemetry) {
        this.tracer = ((OpenTelemetry) openTelemetry).getTracer("io.cachet");
    }

    /** The global OpenTelemetry (an agent's or the application's; a no-op one when none is set). */
    static Object global() {
        return io.opentelemetry.api.GlobalOpenTelemetry.get();
    }

    @Override
    public Span start(MethodPlan plan, String key) {
        io.opentelemetry.api.trace.Span span = tracer.spanBuilder("cachet " + plan.method.getDeclaringClass().getSimpleName()
                + "." + plan.method.getName()).setSpanKind(SpanKind.INTERNAL).startSpan();
        if (span.isRecording()) {
            span.setAttribute(NAMESPACE, plan.namespace);
            span.setAttribute(BACKEND, plan.space.store.name());
            span.setAttribute(KEY_DIGEST, digest(key));
        }
        Scope scope = span.makeCurrent();
        return new Span() {
            @Override
            public void leave() {
                scope.close();
            }

            @Override
            public void end(String outcome, Throwable failure) {
                span.setAttribute(OUTCOME, outcome);
                if (failure != null) {
                    span.recordException(failure);
                    span.setStatus(StatusCode.ERROR);
                }
                span.end();
            }
        };
    }

    private static String digest(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
