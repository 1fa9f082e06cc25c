package dev.flywheel.inventory.adapters;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.flywheel.inventory.domain.Allocation;
import dev.flywheel.inventory.domain.Line;
import dev.flywheel.inventory.domain.PricedOrder;
import dev.flywheel.kit.money.Money;
import dev.flywheel.inventory.domain.ReservationOutcome;
import dev.flywheel.inventory.domain.StockLedger;
import dev.flywheel.kit.dynamo.BatchReads;
import dev.flywheel.kit.dynamo.ConditionalWrites;
import dev.flywheel.kit.json.Json;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.flywheel.kit.dynamo.Items.n;
import static dev.flywheel.kit.dynamo.Items.number;
import static dev.flywheel.kit.dynamo.Items.optionalString;
import static dev.flywheel.kit.dynamo.Items.s;
import static dev.flywheel.kit.dynamo.Items.string;

/**
 * Reservations in {@code reservations} (key: orderId), stock in {@code stock} shards. A reservation is one
 * TransactWriteItems: put the reservation (only if the order has none) and decrement each shard it takes from
 * (only if the shard still has that much). So stock is never oversold, and a redelivered command finds the
 * recorded outcome instead of reserving twice. A batch's orders can be reserved in one such transaction
 * ({@link #reserveTogether}). A release flips RESERVED → RELEASED and gives the units back,
 * in one transaction too.
 */
public final class DynamoStockLedger implements StockLedger {
    static final String RESERVED = "RESERVED";
    static final String REJECTED = "REJECTED";
    static final String RELEASED = "RELEASED";
    private static final int ATTEMPTS = 8;
    private static final int MAX_TRANSACTION_ITEMS = 100;
    private static final TypeReference<List<Allocation>> ALLOCATIONS = new TypeReference<>() {};

    private final DynamoDbClient dynamo;
    private final String reservationsTable;
    private final String stockTable;
    private final Clock clock;

    public DynamoStockLedger(DynamoDbClient dynamo, String reservationsTable, String stockTable, Clock clock) {
        this.dynamo = dynamo;
        this.reservationsTable = reservationsTable;
        this.stockTable = stockTable;
        this.clock = clock;
    }

    @Override
    public ReservationOutcome reserve(String orderId, List<Line> lines, Map<String, Integer> shardsBySku, Money amount) {
        Optional<Map<String, AttributeValue>> existing = read(orderId);
        if (existing.isPresent()) return outcome(existing.get());
        List<String> shardKeys = new ArrayList<>();
        lines.forEach(l -> shardKeys.addAll(StockShards.keys(l.sku(), shardsBySku.get(l.sku()))));
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            // the first read is eventually consistent, at half the price: the transaction's conditions guard the stock,
            // so a stale figure costs a retry at most, and a refusal is only ever decided on a consistent read
            boolean consistent = attempt > 1;
            Map<String, Long> available = StockShards.read(dynamo, stockTable, shardKeys, consistent);
            List<Allocation> plan = Allocation.plan(orderId, lines, shardsBySku, available);
            if (plan == null && !consistent) continue;
            if (plan == null) return reject(orderId, "not enough stock");
            if (plan.size() + 1 > MAX_TRANSACTION_ITEMS) return reject(orderId, "order too large to reserve atomically");
            try {
                dynamo.transactWriteItems(b -> b.transactItems(reservation(orderId, plan, amount)));
                return new ReservationOutcome.Reserved(amount);
            } catch (TransactionCanceledException e) {
                if (ConditionalWrites.conditionFailures(e)[0]) return outcome(read(orderId).orElseThrow());
                // a shard changed under us (or a transaction conflict): read again and re-plan
            }
        }
        throw new ContentionException("could not reserve stock for " + orderId + " after " + ATTEMPTS + " attempts");
    }

    private List<TransactWriteItem> reservation(String orderId, List<Allocation> plan, Money amount) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(reservationPut(orderId, plan, amount));
        for (Allocation a : plan) writes.add(decrement(a.shardKey(), a.quantity()));
        return writes;
    }

    /** The reservation record, only if the order has none. */
    private TransactWriteItem reservationPut(String orderId, List<Allocation> plan, Money amount) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of("orderId", s(orderId), "status", s(RESERVED),
                "allocations", s(Json.write(plan)), "amount", n(amount.amount()), "currency", s(amount.currency()),
                "createdAt", s(clock.instant().toString())));
        return TransactWriteItem.builder().put(Put.builder().tableName(reservationsTable).item(item)
                .conditionExpression("attribute_not_exists(orderId)").build()).build();
    }

    /** Takes {@code quantity} units from a shard, only if it still has them. */
    private TransactWriteItem decrement(String shardKey, long quantity) {
        return TransactWriteItem.builder().update(Update.builder().tableName(stockTable).key(Map.of("shardKey", s(shardKey)))
                .updateExpression("SET available = available - :q")
                .conditionExpression("available >= :q")
                .expressionAttributeValues(Map.of(":q", n(quantity))).build()).build();
    }

    /**
     * A batch's reservations in one transaction: each order's record, and one decrement per shard for what they take
     * from it together. In a transaction every item is billed twice, so a batch of orders on a hot SKU's shards pays
     * for each shard once instead of once per order. The orders that already have a record get it back; if anything
     * changed under the plan (the transaction is cancelled), the rest are left to {@link #reserve}, which retries.
     */
    @Override
    public Map<String, ReservationOutcome> reserveTogether(List<PricedOrder> orders) {
        Map<String, PricedOrder> byId = new LinkedHashMap<>();
        orders.forEach(o -> byId.putIfAbsent(o.orderId(), o));
        Map<String, ReservationOutcome> decided = new HashMap<>();
        List<Map<String, AttributeValue>> keys = byId.keySet().stream().map(id -> Map.of("orderId", s(id))).toList();
        BatchReads.items(dynamo, reservationsTable, keys, true).forEach(item -> decided.put(string(item, "orderId"), outcome(item)));
        List<PricedOrder> fresh = byId.values().stream().filter(o -> !decided.containsKey(o.orderId())).toList();
        if (fresh.isEmpty()) return decided;

        List<String> shardKeys = fresh.stream().flatMap(o -> o.lines().stream().flatMap(l -> StockShards.keys(l.sku(), o.shardsBySku().get(l.sku())).stream()))
                .distinct().toList();
        // eventually consistent, as reserve's first read: the transaction's conditions guard the stock
        Map<String, List<Allocation>> plans = Allocation.planTogether(fresh, StockShards.read(dynamo, stockTable, shardKeys, false));
        Map<String, Long> taken = new LinkedHashMap<>();
        plans.values().forEach(plan -> plan.forEach(a -> taken.merge(a.shardKey(), a.quantity(), Long::sum)));
        if (plans.isEmpty() || plans.size() + taken.size() > MAX_TRANSACTION_ITEMS) return decided;

        List<TransactWriteItem> writes = new ArrayList<>();
        plans.forEach((orderId, plan) -> writes.add(reservationPut(orderId, plan, byId.get(orderId).amount())));
        taken.forEach((shardKey, quantity) -> writes.add(decrement(shardKey, quantity)));
        try {
            dynamo.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException e) {
            return decided; // a shard changed, or a record appeared, under the plan
        }
        plans.keySet().forEach(orderId -> decided.put(orderId, new ReservationOutcome.Reserved(byId.get(orderId).amount())));
        return decided;
    }

    @Override
    public ReservationOutcome reject(String orderId, String reason) {
        Map<String, AttributeValue> item = Map.of("orderId", s(orderId), "status", s(REJECTED), "reason", s(reason),
                "createdAt", s(clock.instant().toString()));
        if (ConditionalWrites.putIfAbsent(dynamo, reservationsTable, "orderId", item)) return new ReservationOutcome.Rejected(reason);
        return outcome(read(orderId).orElseThrow());
    }

    @Override
    public boolean release(String orderId) {
        Optional<Map<String, AttributeValue>> existing = read(orderId);
        if (existing.isEmpty()) {
            // released before it was reserved (messages overtook each other): a tombstone stops a late reservation
            return ConditionalWrites.putIfAbsent(dynamo, reservationsTable, "orderId", Map.of("orderId", s(orderId),
                    "status", s(RELEASED), "createdAt", s(clock.instant().toString())));
        }
        if (!RESERVED.equals(string(existing.get(), "status"))) return false;
        List<Allocation> allocations = Json.mapper().convertValue(tree(string(existing.get(), "allocations")), ALLOCATIONS);
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(reservationsTable).key(Map.of("orderId", s(orderId)))
                .updateExpression("SET #status = :released, releasedAt = :now")
                .conditionExpression("#status = :reserved")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":released", s(RELEASED), ":reserved", s(RESERVED), ":now", s(clock.instant().toString())))
                .build()).build());
        for (Allocation a : allocations) {
            writes.add(TransactWriteItem.builder().update(Update.builder().tableName(stockTable).key(Map.of("shardKey", s(a.shardKey())))
                    .updateExpression("SET available = available + :q")
                    .expressionAttributeValues(Map.of(":q", n(a.quantity()))).build()).build());
        }
        try {
            dynamo.transactWriteItems(b -> b.transactItems(writes));
            return true;
        } catch (TransactionCanceledException e) {
            if (ConditionalWrites.conditionFailures(e)[0]) return false; // released meanwhile by a duplicate
            throw e;
        }
    }

    private Optional<Map<String, AttributeValue>> read(String orderId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(reservationsTable)
                .key(Map.of("orderId", s(orderId))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    private static ReservationOutcome outcome(Map<String, AttributeValue> item) {
        return switch (string(item, "status")) {
            case RESERVED -> new ReservationOutcome.Reserved(new Money(number(item, "amount"), string(item, "currency")));
            case REJECTED -> new ReservationOutcome.Rejected(optionalString(item, "reason").orElse("rejected"));
            default -> new ReservationOutcome.Released();
        };
    }

    private static com.fasterxml.jackson.databind.JsonNode tree(String json) {
        try {
            return Json.tree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("corrupt allocations", e);
        }
    }
}
