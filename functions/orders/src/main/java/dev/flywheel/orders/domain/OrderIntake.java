package dev.flywheel.orders.domain;

import java.time.Instant;
import java.util.List;

/** Port: hands a placed order to orders-worker (the orders-intake queue). */
public interface OrderIntake {
    /**
     * @param stored whether the API stored the order already (an order placed with an Idempotency-Key), or leaves that to orders-worker
     * @throws RuntimeException if the order could not be queued: the caller must not answer 202
     */
    void submit(String orderId, String userId, List<OrderLine> items, String paymentToken, String correlationId, Instant receivedAt, boolean stored);
}
