package dev.flywheel.inventory.domain;

import dev.flywheel.kit.money.Money;

/** A catalog entry. {@code shards}: over how many items its stock is spread (1 for an ordinary SKU). */
public record Product(String sku, String name, Money price, int shards) {}
