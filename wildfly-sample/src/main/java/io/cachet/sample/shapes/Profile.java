package io.cachet.sample.shapes;

/** Written by the default JSON-B. */
public record Profile(String firstName, int visitCount) {
}
