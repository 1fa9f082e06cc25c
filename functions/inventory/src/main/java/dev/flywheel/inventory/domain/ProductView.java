package dev.flywheel.inventory.domain;

import dev.flywheel.kit.money.Money;

/** What GET /products/{sku} shows: the product and its stock available now (summed over its shards). */
public record ProductView(String sku, String name, Money price, long available, int shards) {}
