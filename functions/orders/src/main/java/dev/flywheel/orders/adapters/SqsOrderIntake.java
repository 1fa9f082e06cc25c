package dev.flywheel.orders.adapters;

import dev.flywheel.kit.envelope.Envelope;
import dev.flywheel.kit.envelope.Hop;
import dev.flywheel.kit.envelope.Ids;
import dev.flywheel.kit.sqs.MessageSender;
import dev.flywheel.kit.sqs.Outgoing;
import dev.flywheel.orders.domain.Order;
import dev.flywheel.orders.domain.OrderIntake;
import dev.flywheel.orders.domain.OrderLine;
import dev.flywheel.orders.domain.OrderStatus;
import dev.flywheel.orders.worker.OrdersMessages;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Starts an order's saga, its first hop the API's. An order the API stored already (placed with an Idempotency-Key)
 * needs nothing more from orders-worker: its ReserveStock goes straight to inventory-commands, one hop (a queue, a
 * batching window, an invocation) fewer. An order left to orders-worker to store goes to orders-intake as OrderPlaced.
 */
public final class SqsOrderIntake implements OrderIntake {
    private final MessageSender sender;
    private final String intakeQueueUrl;
    private final String inventoryCommandsQueueUrl;
    private final Clock clock;

    public SqsOrderIntake(MessageSender sender, String intakeQueueUrl, String inventoryCommandsQueueUrl, Clock clock) {
        this.sender = sender;
        this.intakeQueueUrl = intakeQueueUrl;
        this.inventoryCommandsQueueUrl = inventoryCommandsQueueUrl;
        this.clock = clock;
    }

    @Override
    public void submit(String orderId, String userId, List<OrderLine> items, String paymentToken, String correlationId, Instant receivedAt, boolean stored) {
        Hop api = Hop.ofThisInvocation("orders-api", receivedAt, clock.instant());
        Outgoing first = stored
                ? reserveStock(orderId, userId, items, paymentToken, correlationId, api)
                : Outgoing.to(intakeQueueUrl, Envelope.first(OrdersMessages.ORDER_PLACED, correlationId,
                        new OrdersMessages.OrderPlaced(orderId, userId, items, paymentToken, null), api));
        sender.sendOrThrow(first);
    }

    private Outgoing reserveStock(String orderId, String userId, List<OrderLine> items, String paymentToken, String correlationId, Hop api) {
        return Outgoing.to(inventoryCommandsQueueUrl, Envelope.first(OrdersMessages.RESERVE_STOCK, correlationId,
                new OrdersMessages.ReserveStock(orderId, userId, items, paymentToken), api));
    }

    /** Priming: the ReserveStock that {@code sample}, stored, would send, for a rehearsal that sends nothing (see OrdersFunctions). */
    public Outgoing rehearsal(Order sample) {
        return reserveStock(sample.orderId(), sample.userId(), sample.items(), "tok_priming", "priming",
                Hop.ofThisInvocation("orders-api", sample.createdAt(), clock.instant()));
    }

    /** Priming: an order shaped as a real one, for rehearsals that write nothing. */
    public static Order primingSample(Instant at) {
        return new Order(Ids.next(), "priming", OrderStatus.PENDING, List.of(new OrderLine("PRIMING", 1)), null, null, null, at, at, List.of());
    }
}
