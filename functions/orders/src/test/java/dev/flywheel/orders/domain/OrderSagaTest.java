package dev.flywheel.orders.domain;

import dev.flywheel.kit.money.Money;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

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
    void theHappyPathEndsConfirmed() {
        assertTrue(saga.placed("o1", "u1", items, Instant.now(), List.of()));
        saga.stockReserved("o1", amount, List.of());
        assertEquals(OrderStatus.RESERVED, status("o1"));
        saga.paymentCaptured("o1", "cap_1", amount, List.of());
        assertEquals(OrderStatus.CONFIRMED, status("o1"));
        assertEquals("cap_1", store.find("o1").orElseThrow().captureId());
    }

    @Test
    void aRepeatedOrderPlacedAsksInventoryAgainOnlyWhileStillPending() {
        saga.placed("o1", "u1", items, Instant.now(), List.of());
        assertTrue(saga.placed("o1", "u1", items, Instant.now(), List.of()), "still pending: the first send may have been lost");
        saga.stockReserved("o1", amount, List.of());
        assertFalse(saga.placed("o1", "u1", items, Instant.now(), List.of()), "inventory already answered");
    }

    @Test
    void aPaymentThatOvertakesTheReservationStillConfirmsAndTheLateReservationChangesNothing() {
        saga.placed("o1", "u1", items, Instant.now(), List.of());
        saga.paymentCaptured("o1", "cap_1", amount, List.of());
        saga.stockReserved("o1", amount, List.of());
        assertEquals(OrderStatus.CONFIRMED, status("o1"));
        assertEquals(amount, store.find("o1").orElseThrow().amount());
    }

    @Test
    void aDeclineCancelsAndAsksForTheStockBackEvenOnRedelivery() {
        saga.placed("o1", "u1", items, Instant.now(), List.of());
        saga.stockReserved("o1", amount, List.of());
        assertTrue(saga.paymentDeclined("o1", "card declined", List.of()));
        assertEquals(OrderStatus.CANCELLED, status("o1"));
        assertTrue(saga.paymentDeclined("o1", "card declined", List.of()), "redelivered: release again, inventory releases once");
    }

    @Test
    void aDeclineAfterConfirmationReleasesNothing() {
        saga.placed("o1", "u1", items, Instant.now(), List.of());
        saga.paymentCaptured("o1", "cap_1", amount, List.of());
        assertFalse(saga.paymentDeclined("o1", "late", List.of()));
        assertEquals(OrderStatus.CONFIRMED, status("o1"));
    }

    @Test
    void eventsForAnOrderNeverStoredAreRefused() {
        assertThrows(OrderSaga.UnknownOrder.class, () -> saga.stockReserved("ghost", amount, List.of()));
    }
}
