package io.cachet.sample.shapes;

/** An entity of {@link UserFacade}. */
public record User(long id, String name) {
}
