package dev.flywheel.orders.worker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flywheel.kit.money.Money;
import dev.flywheel.orders.domain.OrderLine;

import java.util.List;

/** The messages orders reads and writes (contracts: events/schemas/messages). Unknown fields are tolerated: messages evolve. */
public final class OrdersMessages {
    private OrdersMessages() {}

    public static final String ORDER_PLACED = "OrderPlaced";
    public static final String RESERVE_STOCK = "ReserveStock";
    public static final String RELEASE_STOCK = "ReleaseStock";
    /** Sent by inventory-worker before reservations stopped being reported (see OrderStatus.RESERVED): acknowledged, nothing more. */
    public static final String STOCK_RESERVED = "StockReserved";
    public static final String STOCK_REJECTED = "StockRejected";
    public static final String PAYMENT_CAPTURED = "PaymentCaptured";
    public static final String PAYMENT_DECLINED = "PaymentDeclined";

    /** {@code stored}: true when orders-api stored the order (placed with an Idempotency-Key); absent when orders-worker stores it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OrderPlaced(String orderId, String userId, List<OrderLine> items, String paymentToken, Boolean stored) {}

    public record ReserveStock(String orderId, String userId, List<OrderLine> items, String paymentToken) {}

    public record ReleaseStock(String orderId) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StockRejected(String orderId, String reason) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PaymentCaptured(String orderId, String captureId, Money amount) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PaymentDeclined(String orderId, String reason, Money amount) {}
}
