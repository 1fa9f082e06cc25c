package dev.flywheel.orders.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A test double of the store port with the same conditional semantics as the DynamoDB adapter. */
public final class InMemoryOrderStore implements OrderStore {
    final Map<String, Order> orders = new ConcurrentHashMap<>();
    private final Map<String, String> requestHashes = new ConcurrentHashMap<>();

    @Override
    public boolean create(Order order) {
        return orders.putIfAbsent(order.orderId(), order) == null;
    }

    @Override
    public synchronized Optional<Placed> place(Order order, String requestHash) {
        Order existing = orders.putIfAbsent(order.orderId(), order);
        if (existing != null) return Optional.of(new Placed(existing, requestHashes.get(order.orderId())));
        if (requestHash != null) requestHashes.put(order.orderId(), requestHash);
        return Optional.empty();
    }

    @Override
    public Optional<Order> find(String orderId) {
        return Optional.ofNullable(orders.get(orderId));
    }

    /** Newest first, ties broken by order id downwards: the order the index keeps, with a total order for ties. */
    private static final Comparator<Order> NEWEST_FIRST = Comparator.comparing(Order::createdAt).thenComparing(Order::orderId).reversed();

    @Override
    public Page byUser(String userId, int limit, Position after) {
        List<Order> mine = orders.values().stream().filter(o -> o.userId().equals(userId)).sorted(NEWEST_FIRST)
                .filter(o -> after == null || NEWEST_FIRST.compare(o, marker(after)) > 0).toList();
        List<Order> page = mine.subList(0, Math.min(limit, mine.size()));
        Order last = page.isEmpty() ? null : page.get(page.size() - 1);
        return new Page(page, mine.size() > limit ? Optional.of(new Position(last.createdAt(), last.orderId())) : Optional.empty());
    }

    private static Order marker(Position at) {
        return new Order(at.orderId(), "", OrderStatus.PENDING, List.of(), null, null, null, at.createdAt(), at.createdAt(), List.of());
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
