package dev.flywheel.orders.adapters;

import dev.flywheel.kit.sqs.MessageSender;
import dev.flywheel.kit.sqs.Outgoing;
import dev.flywheel.orders.domain.OrderLine;
import dev.flywheel.orders.worker.OrdersMessages;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SqsOrderIntakeTest {
    private static final Instant RECEIVED = Instant.parse("2026-12-06T10:00:00Z");
    private static final List<OrderLine> ITEMS = List.of(new OrderLine("SKU-1", 2));

    private final List<Outgoing> sent = new ArrayList<>();
    private final MessageSender recording = messages -> { sent.addAll(messages); return List.of(); };
    private final SqsOrderIntake intake = new SqsOrderIntake(recording, "intake-url", "inventory-url",
            Clock.fixed(RECEIVED.plusMillis(12), ZoneOffset.UTC));

    @Test
    void anOrderTheApiStoredAsksInventoryForItsStockAtOnce() {
        intake.submit("order-1", "user-1", ITEMS, "tok_visa", "corr-1", RECEIVED, true);

        assertEquals(1, sent.size());
        assertEquals("inventory-url", sent.get(0).queueUrl());
        var message = sent.get(0).envelope();
        assertEquals(OrdersMessages.RESERVE_STOCK, message.type());
        assertEquals("corr-1", message.correlationId());
        assertEquals(new OrdersMessages.ReserveStock("order-1", "user-1", ITEMS, "tok_visa"), message.data(OrdersMessages.ReserveStock.class));
        assertEquals(List.of("orders-api"), message.hops().stream().map(h -> h.service()).toList(), "the saga's first hop is the API's");
        assertEquals(RECEIVED.plusMillis(12), message.hops().get(0).finishedAt());
    }

    @Test
    void anOrderLeftToOrdersWorkerGoesToOrdersIntakeAsOrderPlaced() {
        intake.submit("order-2", "user-1", ITEMS, "tok_visa", "corr-2", RECEIVED, false);

        assertEquals("intake-url", sent.get(0).queueUrl());
        var placed = sent.get(0).envelope().data(OrdersMessages.OrderPlaced.class);
        assertEquals(OrdersMessages.ORDER_PLACED, sent.get(0).envelope().type());
        assertEquals("order-2", placed.orderId());
        assertNull(placed.stored(), "orders-worker stores it");
    }

    @Test
    void aMessageThatCouldNotBeQueuedFailsTheRequest() {
        var failing = new SqsOrderIntake(messages -> messages, "intake-url", "inventory-url", Clock.systemUTC());
        assertThrows(IllegalStateException.class, () -> failing.submit("order-3", "user-1", ITEMS, "tok_visa", "corr-3", RECEIVED, true));
    }
}
