package io.cachet;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A five-field model, the analogue of fastapi-cache's Pydantic test model. */
public record Item(String name, BigDecimal price, int quantity, LocalDate added, Color color) {
    public enum Color { RED, GREEN }

    public static Item sample(String name) {
        return new Item(name, new BigDecimal("12.50"), 3, LocalDate.of(2026, 1, 2), Color.GREEN);
    }
}
