package dev.flywheel.payments;

import dev.flywheel.kit.money.Money;
import dev.flywheel.payments.worker.Messages;
import org.junit.jupiter.api.Test;

import static dev.flywheel.kit.testing.Contracts.assertMatchesSchema;

/** What payments sends matches the message schemas its consumers rely on. */
class PaymentsMessagesContractTest {
    @Test
    void outgoingMessagesMatchTheirSchemas() {
        assertMatchesSchema(Messages.PAYMENT_CAPTURED, new Messages.PaymentCaptured("o1", "cap_1", new Money(3998, "EUR")));
        assertMatchesSchema(Messages.PAYMENT_DECLINED, new Messages.PaymentDeclined("o1", "card declined", new Money(3998, "EUR")));
    }
}
