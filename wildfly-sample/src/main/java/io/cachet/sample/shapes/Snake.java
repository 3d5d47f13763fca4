package io.cachet.sample.shapes;

/** Written by the application's snake_case {@code Jsonb} ({@code SharedJsonb}). */
public record Snake(String firstName, int visitCount) {
}
