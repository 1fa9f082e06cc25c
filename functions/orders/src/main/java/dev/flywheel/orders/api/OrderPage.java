package dev.flywheel.orders.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flywheel.orders.domain.OrderStore;

import java.util.List;

/**
 * GET /orders: a page of the caller's orders, newest first, without their traces (GET /orders/{id} has them), and
 * the cursor of the next page, absent on the last (schemas/order-page.json).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record OrderPage(List<OrderView> orders, String nextCursor) {
    static OrderPage of(OrderStore.Page page) {
        return new OrderPage(page.orders().stream().map(OrderView::summary).toList(), page.next().map(OrderCursor::encode).orElse(null));
    }
}
