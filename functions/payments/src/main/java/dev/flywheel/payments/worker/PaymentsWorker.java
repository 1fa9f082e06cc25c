package dev.flywheel.payments.worker;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.flywheel.kit.envelope.Envelope;
import dev.flywheel.kit.idempotency.IdempotencyStore;
import dev.flywheel.kit.json.Json;
import dev.flywheel.kit.sqs.MessageContext;
import dev.flywheel.kit.sqs.PoisonMessageException;
import dev.flywheel.kit.sqs.RetryLaterException;
import dev.flywheel.kit.sqs.SqsBatchProcessor;
import dev.flywheel.payments.domain.CaptureRequest;
import dev.flywheel.payments.domain.CaptureResult;
import dev.flywheel.payments.domain.PaymentProvider;
import dev.flywheel.payments.domain.ProviderUnavailableException;
import dev.flywheel.payments.worker.Messages.CapturePayment;
import dev.flywheel.payments.worker.Messages.PaymentCaptured;
import dev.flywheel.payments.worker.Messages.PaymentDeclined;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * payments-worker: captures each reserved order's amount once, then tells orders-worker (PaymentCaptured or
 * PaymentDeclined on orders-events). The capture leaves our tables, so it runs under the idempotency store
 * (key: the order id) and sends the provider an Idempotency-Key too. When the provider is down or the circuit
 * is open, the message comes back after an exponential backoff instead of the queue's long visibility timeout.
 */
public final class PaymentsWorker {
    private static final Logger log = LoggerFactory.getLogger(PaymentsWorker.class);

    private final PaymentProvider provider;
    private final IdempotencyStore idempotency;
    private final SqsBatchProcessor batch;
    private final String ordersEventsQueue;
    private final Duration retryBase;

    public PaymentsWorker(PaymentProvider provider, IdempotencyStore idempotency, SqsBatchProcessor batch,
                          String ordersEventsQueue, Duration retryBase) {
        this.provider = provider;
        this.idempotency = idempotency;
        this.batch = batch;
        this.ordersEventsQueue = ordersEventsQueue;
        this.retryBase = retryBase;
    }

    public SQSBatchResponse handle(SQSEvent event) {
        return batch.process(event, this::onMessage);
    }

    private void onMessage(Envelope message, MessageContext context) {
        if (!Messages.CAPTURE_PAYMENT.equals(message.type())) throw new PoisonMessageException("payments-worker does not handle " + message.type());
        CapturePayment command;
        try {
            command = message.data(CapturePayment.class);
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException("malformed CapturePayment: " + e.getMessage(), e);
        }
        if (command.orderId() == null || command.amount() == null || command.paymentToken() == null)
            throw new PoisonMessageException("CapturePayment needs orderId, amount and paymentToken");

        CaptureResult result = capture(command, context);
        log.info("capture for {}: {}", command.orderId(), result);
        if (result instanceof CaptureResult.Captured captured) {
            context.publish(ordersEventsQueue, Messages.PAYMENT_CAPTURED, new PaymentCaptured(command.orderId(), captured.captureId(), command.amount()));
        } else if (result instanceof CaptureResult.Declined declined) {
            context.publish(ordersEventsQueue, Messages.PAYMENT_DECLINED, new PaymentDeclined(command.orderId(), declined.reason(), command.amount()));
        }
    }

    private CaptureResult capture(CapturePayment command, MessageContext context) {
        CaptureRequest request = new CaptureRequest(command.orderId(), command.amount(), command.paymentToken());
        String key = "capture#" + command.orderId();
        try {
            String stored = idempotency.execute(key, Json.write(request), () -> Json.write(provider.capture(request, command.orderId())));
            return Json.read(stored, CaptureResult.class);
        } catch (ProviderUnavailableException e) {
            Duration backoff = RetryLaterException.backoff(retryBase, context.receiveCount(), Duration.ofMinutes(15));
            throw new RetryLaterException(e.getMessage(), backoff.compareTo(e.retryAfter()) >= 0 ? backoff : e.retryAfter(), e);
        } catch (IdempotencyStore.InProgressException e) {
            throw new RetryLaterException(e.getMessage(), retryBase, e);
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException("the provider refuses this capture: " + e.getMessage(), e);
        } catch (IdempotencyStore.PayloadMismatchException e) {
            throw new PoisonMessageException("order " + command.orderId() + " was already charged a different amount", e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored capture result is corrupt for " + key, e);
        }
    }
}
