package dev.flywheel.inventory.domain;

import dev.flywheel.kit.money.Money;
import java.util.ArrayList;
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
        Pricing pricing = price(orderId, lines);
        if (pricing.refusal() != null) return ledger.reject(orderId, pricing.refusal());
        PricedOrder order = pricing.order();
        return ledger.reserve(orderId, order.lines(), order.shardsBySku(), order.amount());
    }

    /**
     * Reserves several orders together where the ledger can (a batch's stock in one write): the outcomes it decided,
     * by order id. Orders that break a catalog rule, and any the ledger could not take together, are left out: their
     * {@link #reserve} decides them, and records a rejection.
     */
    public Map<String, ReservationOutcome> reserveTogether(Map<String, List<Line>> linesByOrder) {
        List<PricedOrder> priced = new ArrayList<>();
        linesByOrder.forEach((orderId, lines) -> {
            Pricing pricing = price(orderId, lines);
            if (pricing.order() != null) priced.add(pricing.order());
        });
        return priced.size() < 2 ? Map.of() : ledger.reserveTogether(priced);
    }

    /** An order priced from the catalog, or the rule it breaks. */
    private record Pricing(PricedOrder order, String refusal) {
        static Pricing refused(String reason) { return new Pricing(null, reason); }
    }

    private Pricing price(String orderId, List<Line> lines) {
        if (new HashSet<>(lines.stream().map(Line::sku).toList()).size() != lines.size()) return Pricing.refused("an order names each SKU once");
        Map<String, Integer> shards = new LinkedHashMap<>();
        Money amount = null;
        for (Line line : lines) {
            Optional<Product> product = catalog.product(line.sku());
            if (product.isEmpty()) return Pricing.refused("unknown SKU " + line.sku());
            Money price = product.get().price().times(line.quantity());
            if (amount != null && !amount.currency().equals(price.currency())) return Pricing.refused("an order is paid in one currency");
            amount = amount == null ? price : amount.plus(price);
            shards.put(line.sku(), product.get().shards());
        }
        return new Pricing(new PricedOrder(orderId, lines, shards, amount), null);
    }

    public boolean release(String orderId) {
        return ledger.release(orderId);
    }
}
