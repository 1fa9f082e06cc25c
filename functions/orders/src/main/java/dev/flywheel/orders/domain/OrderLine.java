package dev.flywheel.orders.domain;

/** So many of a SKU. */
public record OrderLine(String sku, int quantity) {}
