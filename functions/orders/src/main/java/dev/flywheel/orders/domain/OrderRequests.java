package dev.flywheel.orders.domain;

/** Port: the Idempotency-Key records of POST /orders (per user and key, kept 24 h). */
public interface OrderRequests {
    /**
     * Claims a key for an order, or finds who claimed it first.
     *
     * @return the order id and request hash recorded for the key (ours if we were first)
     */
    Claim claim(String requestKey, String requestHash, String orderId);

    record Claim(String orderId, String requestHash, boolean first) {}
}
