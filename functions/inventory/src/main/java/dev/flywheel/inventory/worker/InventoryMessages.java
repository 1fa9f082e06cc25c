package dev.flywheel.inventory.worker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.flywheel.inventory.domain.Line;
import dev.flywheel.kit.money.Money;

import java.util.List;

/** The messages inventory reads and writes (contracts: events/schemas/messages). Unknown fields are tolerated: messages evolve. */
public final class InventoryMessages {
    private InventoryMessages() {}

    public static final String RESERVE_STOCK = "ReserveStock";
    public static final String RELEASE_STOCK = "ReleaseStock";
    public static final String STOCK_REJECTED = "StockRejected";
    public static final String CAPTURE_PAYMENT = "CapturePayment";

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReserveStock(String orderId, String userId, List<Line> items, String paymentToken) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReleaseStock(String orderId) {}

    public record StockRejected(String orderId, String reason) {}

    public record CapturePayment(String orderId, String userId, Money amount, String paymentToken) {}
}
