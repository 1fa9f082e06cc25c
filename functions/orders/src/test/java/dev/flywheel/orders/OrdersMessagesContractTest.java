package dev.flywheel.orders;

import dev.flywheel.orders.domain.OrderLine;
import dev.flywheel.orders.worker.Messages;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.flywheel.kit.testing.Contracts.assertMatchesSchema;

/** What orders sends matches the message schemas its consumers rely on. */
class OrdersMessagesContractTest {
    @Test
    void outgoingMessagesMatchTheirSchemas() {
        List<OrderLine> items = List.of(new OrderLine("SKU-1", 2));
        assertMatchesSchema(Messages.ORDER_PLACED, new Messages.OrderPlaced("o1", "u1", items, "tok_visa"));
        assertMatchesSchema(Messages.RESERVE_STOCK, new Messages.ReserveStock("o1", "u1", items, "tok_visa"));
        assertMatchesSchema(Messages.RELEASE_STOCK, new Messages.ReleaseStock("o1"));
    }
}
