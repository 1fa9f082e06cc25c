package dev.flywheel.orders.domain;

import dev.flywheel.kit.envelope.Hop;
import dev.flywheel.kit.money.Money;

import java.time.Instant;
import java.util.List;

/**
 * An order as stored. {@code amount} is known once inventory priced it from the catalog; {@code hops} is the
 * path of the message that last moved the order, i.e. the time each service spent on it.
 */
public record Order(String orderId, String userId, OrderStatus status, List<OrderLine> items, Money amount,
                    String reason, String captureId, Instant createdAt, Instant updatedAt, List<Hop> hops) {
    public Order {
        items = List.copyOf(items);
        hops = hops == null ? List.of() : List.copyOf(hops);
    }
}
