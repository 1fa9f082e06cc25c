package dev.flywheel.payments;

import dev.flywheel.kit.money.Money;
import dev.flywheel.payments.worker.PaymentsMessages;
import org.junit.jupiter.api.Test;

import static dev.flywheel.kit.testing.Contracts.assertMatchesSchema;

/** What payments sends matches the message schemas its consumers rely on. */
class PaymentsMessagesContractTest {
    @Test
    void outgoingMessagesMatchTheirSchemas() {
        assertMatchesSchema(PaymentsMessages.PAYMENT_CAPTURED, new PaymentsMessages.PaymentCaptured("o1", "cap_1", new Money(3998, "EUR")));
        assertMatchesSchema(PaymentsMessages.PAYMENT_DECLINED, new PaymentsMessages.PaymentDeclined("o1", "card declined", new Money(3998, "EUR")));
    }
}
