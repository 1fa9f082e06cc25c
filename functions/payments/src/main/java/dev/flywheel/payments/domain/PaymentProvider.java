package dev.flywheel.payments.domain;

/** Port: the external payment provider. */
public interface PaymentProvider {
    /**
     * Captures once per idempotency key: the provider answers a repeat with the first answer.
     *
     * @throws ProviderUnavailableException when the provider cannot answer now (down, slow, circuit open)
     */
    CaptureResult capture(CaptureRequest request, String idempotencyKey);
}
