package dev.flywheel.orders.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A test double of the store port with the same conditional semantics as the DynamoDB adapter. */
public final class InMemoryOrderStore implements OrderStore {
    final Map<String, Order> orders = new ConcurrentHashMap<>();

    @Override
    public boolean create(Order order) {
        return orders.putIfAbsent(order.orderId(), order) == null;
    }

    @Override
    public Optional<Order> find(String orderId) {
        return Optional.ofNullable(orders.get(orderId));
    }

    @Override
    public synchronized Transition transition(String orderId, Set<OrderStatus> from, OrderStatus to, Changes changes) {
        Order o = orders.get(orderId);
        if (o == null) return Transition.MISSING;
        if (!from.contains(o.status())) return Transition.NOT_IN_STATE;
        orders.put(orderId, new Order(o.orderId(), o.userId(), to, o.items(),
                changes.amount() != null ? changes.amount() : o.amount(),
                changes.reason() != null ? changes.reason() : o.reason(),
                changes.captureId() != null ? changes.captureId() : o.captureId(),
                o.createdAt(), Instant.now(), changes.hops() != null ? changes.hops() : o.hops()));
        return Transition.APPLIED;
    }
}
