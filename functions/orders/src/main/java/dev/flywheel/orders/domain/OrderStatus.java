package dev.flywheel.orders.domain;

import java.util.Set;

/**
 * An order's life: PENDING (stored) → RESERVED (stock held) → CONFIRMED (paid); or REJECTED (no stock) or
 * CANCELLED (payment declined, stock released). ACCEPTED is only the API's answer before the order is stored.
 */
public enum OrderStatus {
    PENDING, RESERVED, CONFIRMED, REJECTED, CANCELLED;

    public boolean terminal() { return this == CONFIRMED || this == REJECTED || this == CANCELLED; }

    /** The states from which each event may move an order; events arriving later than a terminal state change nothing. */
    public static final Set<OrderStatus> BEFORE_RESERVATION = Set.of(PENDING);
    public static final Set<OrderStatus> BEFORE_PAYMENT = Set.of(PENDING, RESERVED);
}
