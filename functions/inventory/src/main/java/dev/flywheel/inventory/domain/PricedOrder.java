package dev.flywheel.inventory.domain;

import dev.flywheel.kit.money.Money;

import java.util.List;
import java.util.Map;

/** An order that passed the catalog's rules, ready for the ledger: its lines, its SKUs' shard counts, its price. */
public record PricedOrder(String orderId, List<Line> lines, Map<String, Integer> shardsBySku, Money amount) {}
