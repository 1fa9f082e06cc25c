package dev.flywheel.inventory.domain;

/** One line of an order: so many of a SKU. */
public record Line(String sku, int quantity) {}
