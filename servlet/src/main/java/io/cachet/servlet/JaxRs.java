package io.cachet.servlet;

/** How a resource method call answers 304: a signal that {@link NotModifiedMapper} maps. */
final class JaxRs {
    private JaxRs() {
    }

    static RuntimeException notModified(String quotedTag) {
        return new NotModified(quotedTag);
    }
}
