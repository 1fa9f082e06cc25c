package dev.flywheel.orders.domain;

import dev.flywheel.kit.envelope.Hop;
import dev.flywheel.kit.money.Money;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Port: where orders live. Every write is conditional, so a redelivered message changes nothing twice. */
public interface OrderStore {
    /** @return true if stored now, false if an order with this id exists */
    boolean create(Order order);

    /**
     * Stores an order as the API accepts it, with the hash of the request that placed it when the client sent an
     * Idempotency-Key (the order's id is then derived from the key, so a repeat of the request lands here).
     *
     * @return empty if stored now, else the order stored before under this id, with its request's hash
     */
    Optional<Placed> place(Order order, String requestHash);

    /** An order as stored, and the hash of the request that placed it (null if the client sent no Idempotency-Key). */
    record Placed(Order order, String requestHash) {}

    Optional<Order> find(String orderId);

    /**
     * One page of a user's orders, newest first (the {@code byUser} index: userId, then createdAt). An order appears
     * here once orders-api has stored it, and, the index being eventually consistent, a moment after that.
     *
     * @param limit how many at most
     * @param after where the previous page ended, or null for the first page
     */
    Page byUser(String userId, int limit, Position after);

    /** A place in a user's list: the index's sort key and the table's key of the last order on a page. */
    record Position(Instant createdAt, String orderId) {}

    /** @param next where the next page starts; empty on the last page */
    record Page(List<Order> orders, Optional<Position> next) {
        public Page {
            orders = List.copyOf(orders);
        }
    }

    /** Moves an order to {@code to} if its status is one of {@code from}, recording what the event says. */
    Transition transition(String orderId, Set<OrderStatus> from, OrderStatus to, Changes changes);

    /** What an event adds to an order besides its status (null fields are left as they are). */
    record Changes(Money amount, String reason, String captureId, List<Hop> hops) {}

    enum Transition { APPLIED, NOT_IN_STATE, MISSING }
}
