package dev.flywheel.orders.domain;

import dev.flywheel.kit.envelope.Hop;
import dev.flywheel.kit.money.Money;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Port: where orders live. Every write is conditional, so a redelivered message changes nothing twice. */
public interface OrderStore {
    /** @return true if stored now, false if an order with this id exists */
    boolean create(Order order);

    Optional<Order> find(String orderId);

    /** Moves an order to {@code to} if its status is one of {@code from}, recording what the event says. */
    Transition transition(String orderId, Set<OrderStatus> from, OrderStatus to, Changes changes);

    /** What an event adds to an order besides its status (null fields are left as they are). */
    record Changes(Money amount, String reason, String captureId, List<Hop> hops) {}

    enum Transition { APPLIED, NOT_IN_STATE, MISSING }
}
