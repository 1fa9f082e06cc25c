package dev.flywheel.inventory.worker;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.flywheel.inventory.domain.Line;
import dev.flywheel.inventory.domain.Reservations;
import dev.flywheel.inventory.domain.ReservationOutcome;
import dev.flywheel.inventory.domain.StockLedger;
import dev.flywheel.inventory.worker.InventoryMessages.CapturePayment;
import dev.flywheel.inventory.worker.InventoryMessages.ReleaseStock;
import dev.flywheel.inventory.worker.InventoryMessages.ReserveStock;
import dev.flywheel.inventory.worker.InventoryMessages.StockRejected;
import dev.flywheel.kit.envelope.Envelope;
import dev.flywheel.kit.sqs.MessageContext;
import dev.flywheel.kit.sqs.PoisonMessageException;
import dev.flywheel.kit.retry.Backoff;
import dev.flywheel.kit.sqs.RetryLaterException;
import dev.flywheel.kit.sqs.SqsBatchProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * inventory-worker: reserves stock for new orders and gives it back for cancelled ones. When stock is held it asks
 * payments to capture (CapturePayment on payments-commands), and the order moves on when payments answers: a
 * "reserved" state written on the order would cost a write, a message and an invocation per order, and tell the
 * shopper nothing the payment's outcome a moment later does not. A rejection answers orders-worker at once
 * (StockRejected on orders-events). A redelivered command re-sends the recorded answer: the first attempt may
 * have died between its write and its sends. A batch's reservations are made together where they can be (one
 * transaction for a batch on a hot SKU: every item of a transaction is billed twice, so each shard is paid once).
 */
public final class InventoryWorker {
    private static final Logger log = LoggerFactory.getLogger(InventoryWorker.class);

    private final Reservations reservations;
    private final SqsBatchProcessor batch;
    private final String ordersEventsQueue;
    private final String paymentsCommandsQueue;

    public InventoryWorker(Reservations reservations, SqsBatchProcessor batch, String ordersEventsQueue, String paymentsCommandsQueue) {
        this.reservations = reservations;
        this.batch = batch;
        this.ordersEventsQueue = ordersEventsQueue;
        this.paymentsCommandsQueue = paymentsCommandsQueue;
    }

    public SQSBatchResponse handle(SQSEvent event) {
        Batch batchState = new Batch(new IdentityHashMap<>(), new HashMap<>());
        return batch.process(event, messages -> reserveTogether(messages, batchState), (message, context) -> onMessage(message, context, batchState));
    }

    /**
     * What the batch's preparation learnt, for its messages' handlers: each ReserveStock it decoded (so it is not
     * decoded twice), and the outcome of each order it reserved together with others.
     */
    private record Batch(Map<Envelope, ReserveStock> commands, Map<String, ReservationOutcome> reservedTogether) {
        ReserveStock command(Envelope message) {
            ReserveStock known = commands.get(message);
            return known != null ? known : message.data(ReserveStock.class);
        }
    }

    /**
     * The batch's well-formed ReserveStock commands reserved in one write where the ledger can: in a spike, a batch of
     * orders for one hot SKU. Each message's handler then uses its order's outcome, or reserves alone.
     */
    private void reserveTogether(List<Envelope> messages, Batch batchState) {
        Map<String, List<Line>> linesByOrder = new LinkedHashMap<>();
        for (Envelope message : messages) {
            if (!InventoryMessages.RESERVE_STOCK.equals(message.type())) continue;
            ReserveStock command;
            try {
                command = message.data(ReserveStock.class);
            } catch (IllegalArgumentException e) {
                continue; // poison: its own handler says why
            }
            batchState.commands().put(message, command);
            if (command.orderId() != null && command.items() != null && !command.items().isEmpty())
                linesByOrder.putIfAbsent(command.orderId(), command.items());
        }
        batchState.reservedTogether().putAll(reservations.reserveTogether(linesByOrder));
    }

    private void onMessage(Envelope message, MessageContext context, Batch batchState) {
        try {
            switch (message.type()) {
                case InventoryMessages.RESERVE_STOCK -> reserve(batchState.command(message), context, batchState.reservedTogether());
                case InventoryMessages.RELEASE_STOCK -> {
                    String orderId = message.data(ReleaseStock.class).orderId();
                    log.info("release for {}: {}", orderId, reservations.release(orderId) ? "stock returned" : "nothing held");
                }
                default -> throw new PoisonMessageException("inventory-worker does not handle " + message.type());
            }
        } catch (StockLedger.ContentionException e) {
            throw new RetryLaterException(e.getMessage(), Backoff.exponential(Duration.ofSeconds(1), context.receiveCount(), Duration.ofSeconds(20)), e);
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException("malformed " + message.type() + ": " + e.getMessage(), e);
        }
    }

    private void reserve(ReserveStock command, MessageContext context, Map<String, ReservationOutcome> reservedTogether) {
        if (command.orderId() == null || command.items() == null || command.items().isEmpty())
            throw new PoisonMessageException("ReserveStock without an order id or items");
        ReservationOutcome outcome = reservedTogether.containsKey(command.orderId())
                ? reservedTogether.get(command.orderId()) : reservations.reserve(command.orderId(), command.items());
        log.info("reservation for {}: {}", command.orderId(), outcome);
        if (outcome instanceof ReservationOutcome.Reserved reserved) {
            context.publish(paymentsCommandsQueue, InventoryMessages.CAPTURE_PAYMENT,
                    new CapturePayment(command.orderId(), command.userId(), reserved.amount(), command.paymentToken()));
        } else if (outcome instanceof ReservationOutcome.Rejected rejected) {
            context.publish(ordersEventsQueue, InventoryMessages.STOCK_REJECTED, new StockRejected(command.orderId(), rejected.reason()));
        }
        // Released: the order was cancelled before this (late) command arrived; there is nothing to say
    }
}
