package io.cachet.benchmarks;

import java.math.BigDecimal;
import java.time.LocalDate;

/** The five-field record every benchmark returns. */
public record Quote(String symbol, BigDecimal price, long volume, LocalDate day, boolean open)
        implements java.io.Serializable {
    static Quote sample() {
        return new Quote("ACME", new BigDecimal("123.45"), 1_000_000L, LocalDate.of(2026, 11, 25), true);
    }
}
