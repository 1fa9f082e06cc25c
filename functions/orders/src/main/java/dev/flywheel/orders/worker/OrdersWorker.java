package dev.flywheel.orders.worker;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.flywheel.kit.envelope.Envelope;
import dev.flywheel.kit.envelope.Hop;
import dev.flywheel.kit.sqs.MessageContext;
import dev.flywheel.kit.sqs.PoisonMessageException;
import dev.flywheel.kit.sqs.SqsBatchProcessor;
import dev.flywheel.orders.domain.OrderSaga;
import dev.flywheel.orders.worker.OrdersMessages.OrderPlaced;
import dev.flywheel.orders.worker.OrdersMessages.PaymentCaptured;
import dev.flywheel.orders.worker.OrdersMessages.PaymentDeclined;
import dev.flywheel.orders.worker.OrdersMessages.ReleaseStock;
import dev.flywheel.orders.worker.OrdersMessages.ReserveStock;
import dev.flywheel.orders.worker.OrdersMessages.StockRejected;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * orders-worker, fed by two queues: orders-intake (OrderPlaced: store the order unless orders-api did, ask inventory to reserve) and
 * orders-events (a rejection by inventory, or the payment's outcome: move the order on; a declined payment also
 * releases the stock). The order keeps the hops of the message that last moved it, plus this worker's own.
 */
public final class OrdersWorker {
    private final OrderSaga saga;
    private final SqsBatchProcessor batch;
    private final String inventoryCommandsQueue;

    public OrdersWorker(OrderSaga saga, SqsBatchProcessor batch, String inventoryCommandsQueue) {
        this.saga = saga;
        this.batch = batch;
        this.inventoryCommandsQueue = inventoryCommandsQueue;
    }

    public SQSBatchResponse handle(SQSEvent event) {
        return batch.process(event, this::onMessage);
    }

    private void onMessage(Envelope message, MessageContext context) {
        try {
            switch (message.type()) {
                case OrdersMessages.ORDER_PLACED -> {
                    OrderPlaced placed = data(message, OrderPlaced.class, OrderPlaced::orderId);
                    // stored by orders-api: queued by its previous version, which sent stored orders this way (it now asks inventory itself)
                    if (Boolean.TRUE.equals(placed.stored())
                            || saga.placed(placed.orderId(), placed.userId(), placed.items(), message.occurredAt(), path(message, context))) {
                        context.publish(inventoryCommandsQueue, OrdersMessages.RESERVE_STOCK,
                                new ReserveStock(placed.orderId(), placed.userId(), placed.items(), placed.paymentToken()));
                    }
                }
                case OrdersMessages.STOCK_RESERVED -> { } // from an inventory-worker of an earlier version: the payment's outcome moves the order
                case OrdersMessages.STOCK_REJECTED -> {
                    StockRejected e = data(message, StockRejected.class, StockRejected::orderId);
                    saga.stockRejected(e.orderId(), e.reason(), path(message, context));
                }
                case OrdersMessages.PAYMENT_CAPTURED -> {
                    PaymentCaptured e = data(message, PaymentCaptured.class, PaymentCaptured::orderId);
                    saga.paymentCaptured(e.orderId(), e.captureId(), e.amount(), path(message, context));
                }
                case OrdersMessages.PAYMENT_DECLINED -> {
                    PaymentDeclined e = data(message, PaymentDeclined.class, PaymentDeclined::orderId);
                    if (saga.paymentDeclined(e.orderId(), e.reason(), e.amount(), path(message, context))) {
                        context.publish(inventoryCommandsQueue, OrdersMessages.RELEASE_STOCK, new ReleaseStock(e.orderId()));
                    }
                }
                default -> throw new PoisonMessageException("orders-worker does not handle " + message.type());
            }
        } catch (OrderSaga.UnknownOrder e) {
            throw new PoisonMessageException(message.type() + " for an order that was never stored: " + e.getMessage(), e);
        }
    }

    /** The path so far plus this worker's hop, as the order will show it. */
    private static List<Hop> path(Envelope message, MessageContext context) {
        List<Hop> hops = new ArrayList<>(message.hops());
        hops.add(context.hopSoFar());
        return hops;
    }

    private static <T> T data(Envelope message, Class<T> type, Function<T, String> orderId) {
        T data;
        try {
            data = message.data(type);
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException("malformed " + message.type() + ": " + e.getMessage(), e);
        }
        if (orderId.apply(data) == null) throw new PoisonMessageException(message.type() + " without an orderId");
        return data;
    }
}
