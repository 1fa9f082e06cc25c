package dev.flywheel.inventory.domain;

import dev.flywheel.kit.money.Money;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Stock held for orders: reserve all lines or none, priced from the catalog; release on cancellation. No AWS types here. */
public final class Reservations {
    private final Catalog catalog;
    private final StockLedger ledger;

    public Reservations(Catalog catalog, StockLedger ledger) {
        this.catalog = catalog;
        this.ledger = ledger;
    }

    /**
     * Reserves every line or none, priced from the catalog (never from the client). A SKU that is not in
     * the catalog, mixed currencies or too little stock reject the order.
     */
    public ReservationOutcome reserve(String orderId, List<Line> lines) {
        if (new HashSet<>(lines.stream().map(Line::sku).toList()).size() != lines.size())
            return ledger.reject(orderId, "an order names each SKU once");
        Map<String, Integer> shards = new LinkedHashMap<>();
        Money amount = null;
        for (Line line : lines) {
            Optional<Product> product = catalog.product(line.sku());
            if (product.isEmpty()) return ledger.reject(orderId, "unknown SKU " + line.sku());
            Money price = product.get().price().times(line.quantity());
            if (amount != null && !amount.currency().equals(price.currency())) return ledger.reject(orderId, "an order is paid in one currency");
            amount = amount == null ? price : amount.plus(price);
            shards.put(line.sku(), product.get().shards());
        }
        return ledger.reserve(orderId, lines, shards, amount);
    }

    public boolean release(String orderId) {
        return ledger.release(orderId);
    }
}
