package dev.flywheel.orders.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flywheel.kit.envelope.Hop;
import dev.flywheel.kit.money.Money;
import dev.flywheel.orders.domain.Order;
import dev.flywheel.orders.domain.OrderLine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * GET /orders/{orderId}: the order and its trace (each hop's time, and the time waiting in the queue before it);
 * in a GET /orders page, the same without the trace.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderView(String orderId, String status, List<OrderLine> items, Money amount, String reason,
                        Instant createdAt, Instant updatedAt, Trace trace) {

    public record Trace(long totalMs, List<Step> hops) {}

    /** @param traceId the X-Ray trace of that hop's invocation (open it in CloudWatch's trace view), when it ran traced */
    public record Step(String service, Instant receivedAt, Instant finishedAt, long durationMs, Long queuedMs, String traceId) {}

    /** The order as a list shows it: everything but the trace. */
    public static OrderView summary(Order order) {
        return new OrderView(order.orderId(), order.status().name(), order.items(), order.amount(), order.reason(),
                order.createdAt(), order.updatedAt(), null);
    }

    public static OrderView of(Order order) {
        List<Step> steps = new ArrayList<>();
        Hop previous = null;
        for (Hop hop : order.hops()) {
            Long queued = previous == null ? null : Duration.between(previous.finishedAt(), hop.receivedAt()).toMillis();
            steps.add(new Step(hop.service(), hop.receivedAt(), hop.finishedAt(), hop.duration().toMillis(), queued, hop.traceId()));
            previous = hop;
        }
        long total = order.hops().isEmpty() ? 0
                : Duration.between(order.hops().get(0).receivedAt(), order.hops().get(order.hops().size() - 1).finishedAt()).toMillis();
        return new OrderView(order.orderId(), order.status().name(), order.items(), order.amount(), order.reason(),
                order.createdAt(), order.updatedAt(), new Trace(total, steps));
    }
}
