package dev.flywheel.payments.worker;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.flywheel.kit.envelope.Envelope;
import dev.flywheel.kit.sqs.MessageContext;
import dev.flywheel.kit.sqs.PoisonMessageException;
import dev.flywheel.kit.sqs.RetryLaterException;
import dev.flywheel.kit.sqs.SqsBatchProcessor;
import dev.flywheel.payments.domain.CaptureRequest;
import dev.flywheel.payments.domain.CaptureResult;
import dev.flywheel.payments.domain.PaymentCapture;
import dev.flywheel.payments.domain.PaymentCapture.Decision;
import dev.flywheel.payments.worker.PaymentsMessages.CapturePayment;
import dev.flywheel.payments.worker.PaymentsMessages.PaymentCaptured;
import dev.flywheel.payments.worker.PaymentsMessages.PaymentDeclined;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * payments-worker: for each CapturePayment, asks the domain's {@link PaymentCapture} (capture once per order),
 * then tells orders-worker (PaymentCaptured or PaymentDeclined on orders-events). When the capture must wait
 * (provider down, circuit open, another attempt in flight), the message comes back after the decided delay
 * instead of the queue's long visibility timeout; when it can never succeed, it is poison.
 */
public final class PaymentsWorker {
    private static final Logger log = LoggerFactory.getLogger(PaymentsWorker.class);

    private final PaymentCapture payments;
    private final SqsBatchProcessor batch;
    private final String ordersEventsQueue;

    public PaymentsWorker(PaymentCapture payments, SqsBatchProcessor batch, String ordersEventsQueue) {
        this.payments = payments;
        this.batch = batch;
        this.ordersEventsQueue = ordersEventsQueue;
    }

    public SQSBatchResponse handle(SQSEvent event) {
        return batch.process(event, this::onMessage);
    }

    private void onMessage(Envelope message, MessageContext context) {
        if (!PaymentsMessages.CAPTURE_PAYMENT.equals(message.type())) throw new PoisonMessageException("payments-worker does not handle " + message.type());
        CapturePayment command;
        try {
            command = message.data(CapturePayment.class);
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException("malformed CapturePayment: " + e.getMessage(), e);
        }
        if (command.orderId() == null || command.amount() == null || command.paymentToken() == null)
            throw new PoisonMessageException("CapturePayment needs orderId, amount and paymentToken");

        Decision decision = payments.capture(new CaptureRequest(command.orderId(), command.amount(), command.paymentToken()), context.receiveCount());
        log.info("capture for {}: {}", command.orderId(), decision);
        if (decision instanceof Decision.Done done && done.result() instanceof CaptureResult.Captured captured) {
            context.publish(ordersEventsQueue, PaymentsMessages.PAYMENT_CAPTURED, new PaymentCaptured(command.orderId(), captured.captureId(), command.amount()));
        } else if (decision instanceof Decision.Done done && done.result() instanceof CaptureResult.Declined declined) {
            context.publish(ordersEventsQueue, PaymentsMessages.PAYMENT_DECLINED, new PaymentDeclined(command.orderId(), declined.reason(), command.amount()));
        } else if (decision instanceof Decision.RetryLater retry) {
            throw new RetryLaterException(retry.reason(), retry.delay(), null);
        } else if (decision instanceof Decision.Refused refused) {
            throw new PoisonMessageException(refused.reason());
        }
    }
}
