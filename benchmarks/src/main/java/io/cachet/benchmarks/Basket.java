package io.cachet.benchmarks;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** A mutable value (setters, a list): store-by-value must copy it on every write and read. */
public final class Basket implements Serializable {
    private static final long serialVersionUID = 1L;

    private String owner;
    private final List<String> items = new ArrayList<>();
    private BigDecimal total;
    private LocalDate day;

    static Basket sample() {
        Basket basket = new Basket();
        basket.owner = "ACME";
        basket.items.addAll(List.of("apple", "pear", "fig"));
        basket.total = new BigDecimal("123.45");
        basket.day = LocalDate.of(2026, 11, 25);
        return basket;
    }

    public String owner() {
        return owner;
    }

    public List<String> items() {
        return items;
    }

    public BigDecimal total() {
        return total;
    }

    public LocalDate day() {
        return day;
    }

    public void setTotal(BigDecimal total) {
        this.total = total;
    }
}
