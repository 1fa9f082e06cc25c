package dev.flywheel.inventory.domain;

import dev.flywheel.kit.money.Money;
import java.util.List;
import java.util.Map;

/**
 * Port: stock reservations. Implementations must make each call atomic and idempotent per order id: the
 * reservation record and the stock it takes change together, and a repeated call returns the recorded outcome.
 */
public interface StockLedger {
    /** @param shardsBySku how many stock shards each SKU has */
    ReservationOutcome reserve(String orderId, List<Line> lines, Map<String, Integer> shardsBySku, Money amount);

    /**
     * Reserves several orders' stock in one request where it can: an optimization of {@link #reserve}, with the same
     * guarantees for each order. Returns the outcomes it decided (recorded ones included); an order it leaves out is
     * decided by {@link #reserve}. This default decides none.
     */
    default Map<String, ReservationOutcome> reserveTogether(List<PricedOrder> orders) {
        return Map.of();
    }

    /** Marks a rejection that no later retry may turn into a reservation. */
    ReservationOutcome reject(String orderId, String reason);

    /** Gives an order's stock back. @return true if this call released it */
    boolean release(String orderId);

    /** Too many concurrent writers on the same stock: try again shortly. */
    final class ContentionException extends RuntimeException {
        public ContentionException(String message) { super(message); }
    }
}
