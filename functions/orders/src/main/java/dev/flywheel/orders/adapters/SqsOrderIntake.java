package dev.flywheel.orders.adapters;

import dev.flywheel.kit.envelope.Envelope;
import dev.flywheel.kit.envelope.Hop;
import dev.flywheel.kit.sqs.MessageSender;
import dev.flywheel.kit.sqs.Outgoing;
import dev.flywheel.orders.domain.OrderIntake;
import dev.flywheel.orders.domain.OrderLine;
import dev.flywheel.orders.worker.OrdersMessages;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Queues OrderPlaced on orders-intake: the first message of an order's saga, its first hop the API's. */
public final class SqsOrderIntake implements OrderIntake {
    private final MessageSender sender;
    private final String intakeQueueUrl;
    private final Clock clock;

    public SqsOrderIntake(MessageSender sender, String intakeQueueUrl, Clock clock) {
        this.sender = sender;
        this.intakeQueueUrl = intakeQueueUrl;
        this.clock = clock;
    }

    @Override
    public void submit(String orderId, String userId, List<OrderLine> items, String paymentToken, String correlationId, Instant receivedAt, boolean stored) {
        Envelope placed = Envelope.first(OrdersMessages.ORDER_PLACED, correlationId,
                new OrdersMessages.OrderPlaced(orderId, userId, items, paymentToken, stored ? Boolean.TRUE : null),
                Hop.ofThisInvocation("orders-api", receivedAt, clock.instant()));
        sender.sendOrThrow(Outgoing.to(intakeQueueUrl, placed));
    }
}
