package dev.flywheel.orders;

import dev.flywheel.orders.domain.OrderLine;
import dev.flywheel.orders.worker.OrdersMessages;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.flywheel.kit.testing.Contracts.assertMatchesSchema;

/** What orders sends matches the message schemas its consumers rely on. */
class OrdersMessagesContractTest {
    @Test
    void outgoingMessagesMatchTheirSchemas() {
        List<OrderLine> items = List.of(new OrderLine("SKU-1", 2));
        assertMatchesSchema(OrdersMessages.ORDER_PLACED, new OrdersMessages.OrderPlaced("o1", "u1", items, "tok_visa", null));
        assertMatchesSchema(OrdersMessages.ORDER_PLACED, new OrdersMessages.OrderPlaced("o1", "u1", items, "tok_visa", true));
        assertMatchesSchema(OrdersMessages.RESERVE_STOCK, new OrdersMessages.ReserveStock("o1", "u1", items, "tok_visa"));
        assertMatchesSchema(OrdersMessages.RELEASE_STOCK, new OrdersMessages.ReleaseStock("o1"));
    }
}
