package dev.flywheel.payments.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.flywheel.kit.idempotency.IdempotencyStore;
import dev.flywheel.kit.json.Json;
import dev.flywheel.kit.retry.Backoff;

import java.time.Duration;

/**
 * payments' rule: an order's amount is captured once, whatever the redeliveries. The provider is sent the order
 * id as its Idempotency-Key, so a repeated call (a retry after a crash between its answer and our record, or two
 * deliveries at once) is not a second charge; the idempotency store records the answer, so that a repeat is
 * answered without a call, even while the provider is down. Decides, for each attempt, whether the work is done
 * (captured or declined), must be retried later (the provider is down), or can never succeed (the order was
 * already charged another amount, or the provider refuses the request itself).
 */
public final class PaymentCapture {
    /** What to do with the command that asked for the capture. */
    public sealed interface Decision {
        /** The provider answered: tell orders. */
        record Done(CaptureResult result) implements Decision {}

        /** Try again after {@code delay}: nothing was charged. */
        record RetryLater(String reason, Duration delay) implements Decision {}

        /** Retrying cannot help: the command is poison. */
        record Refused(String reason) implements Decision {}
    }

    private static final Duration MAX_BACKOFF = Duration.ofMinutes(15);

    private final PaymentProvider provider;
    private final IdempotencyStore once;
    private final Duration retryBase;

    public PaymentCapture(PaymentProvider provider, IdempotencyStore once, Duration retryBase) {
        this.provider = provider;
        this.once = once;
        this.retryBase = retryBase;
    }

    /** @param attempt how many times this command has been received (1 for the first) */
    public Decision capture(CaptureRequest request, int attempt) {
        String key = "capture#" + request.orderId();
        try {
            String stored = once.execute(key, Json.write(request), () -> Json.write(provider.capture(request, request.orderId())));
            return new Decision.Done(Json.read(stored, CaptureResult.class));
        } catch (ProviderUnavailableException e) {
            Duration backoff = Backoff.exponential(retryBase, attempt, MAX_BACKOFF);
            return new Decision.RetryLater(e.getMessage(), backoff.compareTo(e.retryAfter()) >= 0 ? backoff : e.retryAfter());
        } catch (IdempotencyStore.PayloadMismatchException e) {
            return new Decision.Refused("order " + request.orderId() + " was already charged a different amount");
        } catch (IllegalArgumentException e) {
            return new Decision.Refused("the provider refuses this capture: " + e.getMessage());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored capture result is corrupt for " + key, e);
        }
    }
}
