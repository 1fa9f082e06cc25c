package dev.flywheel.inventory.domain;

import dev.flywheel.kit.money.Money;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Pricing and refusal rules; the ledger is a recording stub (the atomic part is tested end to end on the embedded DynamoDB engine). */
class ReservationsTest {
    private final Map<String, Product> products = Map.of(
            "A", new Product("A", "a", new Money(250, "EUR"), 4),
            "B", new Product("B", "b", new Money(100, "EUR"), 1),
            "U", new Product("U", "u", new Money(100, "USD"), 1));
    private final Catalog catalog = new Catalog() {
        @Override public void define(Product product, long stock) { throw new UnsupportedOperationException(); }
        @Override public Optional<Product> product(String sku) { return Optional.ofNullable(products.get(sku)); }
        @Override public Optional<ProductView> view(String sku) { throw new UnsupportedOperationException(); }
    };
    private Money reservedAmount;
    private Map<String, Integer> reservedShards;
    private final StockLedger ledger = new StockLedger() {
        @Override public ReservationOutcome reserve(String orderId, List<Line> lines, Map<String, Integer> shardsBySku, Money amount) {
            reservedAmount = amount;
            reservedShards = shardsBySku;
            return new ReservationOutcome.Reserved(amount);
        }
        @Override public ReservationOutcome reject(String orderId, String reason) { return new ReservationOutcome.Rejected(reason); }
        @Override public boolean release(String orderId) { return true; }
    };
    private final Reservations reservations = new Reservations(catalog, ledger);

    @Test
    void pricesEveryLineFromTheCatalog() {
        reservations.reserve("o", List.of(new Line("A", 3), new Line("B", 2)));
        assertEquals(new Money(950, "EUR"), reservedAmount);
        assertEquals(Map.of("A", 4, "B", 1), reservedShards);
    }

    @Test
    void refusesUnknownSkusMixedCurrenciesAndRepeatedSkus() {
        assertEquals(new ReservationOutcome.Rejected("unknown SKU Z"), reservations.reserve("o", List.of(new Line("Z", 1))));
        assertEquals(new ReservationOutcome.Rejected("an order is paid in one currency"), reservations.reserve("o", List.of(new Line("A", 1), new Line("U", 1))));
        assertEquals(new ReservationOutcome.Rejected("an order names each SKU once"), reservations.reserve("o", List.of(new Line("A", 1), new Line("A", 1))));
    }
}
