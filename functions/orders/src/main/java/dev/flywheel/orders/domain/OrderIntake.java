package dev.flywheel.orders.domain;

import java.time.Instant;
import java.util.List;

/** Port: starts a placed order's saga (orders-worker stores it first, or inventory reserves its stock at once). */
public interface OrderIntake {
    /**
     * @param stored whether the API stored the order already (one placed with an Idempotency-Key): then its stock is asked for at once;
     *               otherwise orders-worker stores it first
     * @throws RuntimeException if the order could not be queued: the caller must not answer 202
     */
    void submit(String orderId, String userId, List<OrderLine> items, String paymentToken, String correlationId, Instant receivedAt, boolean stored);
}
