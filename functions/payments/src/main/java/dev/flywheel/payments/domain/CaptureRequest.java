package dev.flywheel.payments.domain;

import dev.flywheel.kit.money.Money;

/** Take {@code amount} for order {@code orderId} with the customer's payment token. */
public record CaptureRequest(String orderId, Money amount, String paymentToken) {}
