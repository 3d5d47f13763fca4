package io.cachet.sample.shapes;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Path;

import java.util.List;

/** {@code GET /shapes/orders}: the same inherited cached methods, for orders. */
@Path("/shapes/orders")
@ApplicationScoped
public class OrderFacade extends Facade<Order> {
    @Override
    protected List<Order> load() {
        return List.of(new Order(7, "book"), new Order(8, "lamp"), new Order(9, "pen"));
    }
}
