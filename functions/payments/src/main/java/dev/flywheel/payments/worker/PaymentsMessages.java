package dev.flywheel.payments.worker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.flywheel.kit.money.Money;

/** The messages payments reads and writes (contracts: events/schemas/messages). */
public final class PaymentsMessages {
    private PaymentsMessages() {}

    public static final String CAPTURE_PAYMENT = "CapturePayment";
    public static final String PAYMENT_CAPTURED = "PaymentCaptured";
    public static final String PAYMENT_DECLINED = "PaymentDeclined";

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CapturePayment(String orderId, String userId, Money amount, String paymentToken) {}

    public record PaymentCaptured(String orderId, String captureId, Money amount) {}

    /** With the amount that was not captured: the cancelled order shows it, as a confirmed one does. */
    public record PaymentDeclined(String orderId, String reason, Money amount) {}
}
