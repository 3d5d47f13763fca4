package io.cachet.sample;

/** The Pydantic model of fastapi-cache's example, as a record. */
public record Item(String name, String description, double price, Double tax) {
}
