package io.cachet.benchmarks;

import io.cachet.Cached;
import jakarta.enterprise.context.ApplicationScoped;

/** The cached bean under benchmark. */
@ApplicationScoped
public class QuoteService {

    @Cached(expire = 3600)
    public Quote quote(String symbol) {
        return new Quote(symbol, new java.math.BigDecimal("123.45"), 1_000_000L,
                java.time.LocalDate.of(2026, 11, 25), true);
    }

    public Quote direct(String symbol) {
        return new Quote(symbol, new java.math.BigDecimal("123.45"), 1_000_000L,
                java.time.LocalDate.of(2026, 11, 25), true);
    }
}
