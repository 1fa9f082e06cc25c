package dev.flywheel.inventory;

import dev.flywheel.inventory.worker.InventoryMessages;
import dev.flywheel.kit.money.Money;
import org.junit.jupiter.api.Test;

import static dev.flywheel.kit.testing.Contracts.assertMatchesSchema;

/** What inventory sends matches the message schemas its consumers rely on. */
class InventoryMessagesContractTest {
    @Test
    void outgoingMessagesMatchTheirSchemas() {
        Money amount = new Money(3998, "EUR");
        assertMatchesSchema(InventoryMessages.STOCK_REJECTED, new InventoryMessages.StockRejected("o1", "not enough stock"));
        assertMatchesSchema(InventoryMessages.CAPTURE_PAYMENT, new InventoryMessages.CapturePayment("o1", "u1", amount, "tok_visa"));
    }
}
