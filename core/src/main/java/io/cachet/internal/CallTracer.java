package io.cachet.internal;

/** Gives each {@code @Cached} call that reaches the cache a span (OpenTelemetry's, when present). */
interface CallTracer {

    /** Starts a call's span, current on this thread until {@link Span#leave()}. */
    Span start(MethodPlan plan, String key);

    /** One call's span. */
    interface Span {
        /** The call's thread leaves the span (it may still be open, for a stage). */
        void leave();

        /** Ends the span with the call's outcome ({@code hit}, {@code miss}...) and its failure, if any. */
        void end(String outcome, Throwable failure);
    }
}
