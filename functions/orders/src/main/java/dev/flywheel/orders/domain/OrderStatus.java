package dev.flywheel.orders.domain;

import java.util.Set;

/**
 * An order's life: PENDING (stored, stock and payment under way) → CONFIRMED (stock held and paid); or REJECTED (no
 * stock) or CANCELLED (payment declined, stock released). ACCEPTED is only the API's answer before the order is
 * stored. RESERVED is no longer written (it cost a write, a message and an invocation per order); orders that
 * earlier versions left in it still move on when their payment's outcome arrives.
 */
public enum OrderStatus {
    PENDING, RESERVED, CONFIRMED, REJECTED, CANCELLED;

    public boolean terminal() { return this == CONFIRMED || this == REJECTED || this == CANCELLED; }

    /** The states from which each event may move an order; events arriving later than a terminal state change nothing. */
    public static final Set<OrderStatus> BEFORE_RESERVATION = Set.of(PENDING);
    public static final Set<OrderStatus> BEFORE_PAYMENT = Set.of(PENDING, RESERVED);
}
