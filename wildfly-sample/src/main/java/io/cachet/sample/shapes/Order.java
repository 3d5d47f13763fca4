package io.cachet.sample.shapes;

/** An entity of {@link OrderFacade}. */
public record Order(long id, String item) {
}
