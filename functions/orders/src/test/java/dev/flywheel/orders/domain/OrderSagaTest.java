package dev.flywheel.orders.domain;

import dev.flywheel.kit.money.Money;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderSagaTest {
    private final InMemoryOrderStore store = new InMemoryOrderStore();
    private final OrderSaga saga = new OrderSaga(store);
    private final List<OrderLine> items = List.of(new OrderLine("SKU-1", 2));
    private final Money amount = new Money(3998, "EUR");

    private OrderStatus status(String id) { return store.find(id).orElseThrow().status(); }

    @Test
    void theHappyPathGoesFromPendingStraightToConfirmed() {
        assertTrue(saga.placed("o1", "u1", items, Instant.now(), List.of()));
        assertEquals(OrderStatus.PENDING, status("o1"), "stock and payment under way: no write until the payment's outcome");
        saga.paymentCaptured("o1", "cap_1", amount, List.of());
        assertEquals(OrderStatus.CONFIRMED, status("o1"));
        assertEquals("cap_1", store.find("o1").orElseThrow().captureId());
        assertEquals(amount, store.find("o1").orElseThrow().amount());
    }

    @Test
    void aRepeatedOrderPlacedAsksInventoryAgainOnlyWhileStillPending() {
        saga.placed("o1", "u1", items, Instant.now(), List.of());
        assertTrue(saga.placed("o1", "u1", items, Instant.now(), List.of()), "still pending: the first send may have been lost");
        saga.paymentCaptured("o1", "cap_1", amount, List.of());
        assertFalse(saga.placed("o1", "u1", items, Instant.now(), List.of()), "the order moved on");
    }

    @Test
    void aRejectionEndsThePendingOrderAndALatePaymentOutcomeChangesNothing() {
        saga.placed("o1", "u1", items, Instant.now(), List.of());
        saga.stockRejected("o1", "not enough stock", List.of());
        assertEquals(OrderStatus.REJECTED, status("o1"));
        saga.paymentCaptured("o1", "cap_1", amount, List.of());
        assertEquals(OrderStatus.REJECTED, status("o1"));
    }

    @Test
    void anOrderAnEarlierVersionLeftReservedStillMovesOnWithItsPayment() {
        saga.placed("o1", "u1", items, Instant.now(), List.of());
        store.transition("o1", Set.of(OrderStatus.PENDING), OrderStatus.RESERVED, new OrderStore.Changes(amount, null, null, List.of()));
        saga.paymentCaptured("o1", "cap_1", amount, List.of());
        assertEquals(OrderStatus.CONFIRMED, status("o1"));
    }

    @Test
    void aDeclineCancelsWithTheAmountAndAsksForTheStockBackEvenOnRedelivery() {
        saga.placed("o1", "u1", items, Instant.now(), List.of());
        assertTrue(saga.paymentDeclined("o1", "card declined", amount, List.of()));
        assertEquals(OrderStatus.CANCELLED, status("o1"));
        assertEquals(amount, store.find("o1").orElseThrow().amount(), "a cancelled order shows what was not charged");
        assertTrue(saga.paymentDeclined("o1", "card declined", amount, List.of()), "redelivered: release again, inventory releases once");
    }

    @Test
    void aDeclineAfterConfirmationReleasesNothing() {
        saga.placed("o1", "u1", items, Instant.now(), List.of());
        saga.paymentCaptured("o1", "cap_1", amount, List.of());
        assertFalse(saga.paymentDeclined("o1", "late", amount, List.of()));
        assertEquals(OrderStatus.CONFIRMED, status("o1"));
    }

    @Test
    void eventsForAnOrderNeverStoredAreRefused() {
        assertThrows(OrderSaga.UnknownOrder.class, () -> saga.paymentCaptured("ghost", "cap_1", amount, List.of()));
    }
}
