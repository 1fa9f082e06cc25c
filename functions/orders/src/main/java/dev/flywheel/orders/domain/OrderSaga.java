package dev.flywheel.orders.domain;

import dev.flywheel.kit.envelope.Hop;
import dev.flywheel.kit.money.Money;
import dev.flywheel.orders.domain.OrderStore.Changes;
import dev.flywheel.orders.domain.OrderStore.Transition;

import java.time.Instant;
import java.util.List;

/**
 * orders-worker's half of the saga: store the order, then follow what inventory and payments report. Each step
 * is a conditional transition, so duplicates and events that overtake each other (payment before reservation:
 * they travel on different queues) leave the order where the furthest event put it.
 */
public final class OrderSaga {
    private final OrderStore store;

    public OrderSaga(OrderStore store) { this.store = store; }

    /** Thrown for an event about an order that was never stored: nothing can make it right by retrying. */
    public static final class UnknownOrder extends RuntimeException {
        public UnknownOrder(String orderId) { super("no order " + orderId); }
    }

    /**
     * @return true if inventory must (still) be asked to reserve: the order is new, or stored but still PENDING (a
     * reservation already made is not made twice: inventory answers a repeated command with its recorded outcome)
     */
    public boolean placed(String orderId, String userId, List<OrderLine> items, Instant at, List<Hop> hops) {
        Order order = new Order(orderId, userId, OrderStatus.PENDING, items, null, null, null, at, at, hops);
        if (store.create(order)) return true;
        return store.find(orderId).map(o -> o.status() == OrderStatus.PENDING).orElse(true);
    }

    public void stockRejected(String orderId, String reason, List<Hop> hops) {
        check(orderId, store.transition(orderId, OrderStatus.BEFORE_RESERVATION, OrderStatus.REJECTED, new Changes(null, reason, null, hops)));
    }

    public void paymentCaptured(String orderId, String captureId, Money amount, List<Hop> hops) {
        check(orderId, store.transition(orderId, OrderStatus.BEFORE_PAYMENT, OrderStatus.CONFIRMED, new Changes(amount, null, captureId, hops)));
    }

    /**
     * @return true if the stock must be released: the order is (now or already) CANCELLED. Released again on a
     * redelivery, because the first attempt may have died before sending; inventory releases only once.
     */
    public boolean paymentDeclined(String orderId, String reason, Money amount, List<Hop> hops) {
        Transition t = store.transition(orderId, OrderStatus.BEFORE_PAYMENT, OrderStatus.CANCELLED, new Changes(amount, reason, null, hops));
        check(orderId, t);
        return t == Transition.APPLIED || store.find(orderId).map(o -> o.status() == OrderStatus.CANCELLED).orElse(false);
    }

    private static void check(String orderId, Transition t) {
        if (t == Transition.MISSING) throw new UnknownOrder(orderId);
    }
}
