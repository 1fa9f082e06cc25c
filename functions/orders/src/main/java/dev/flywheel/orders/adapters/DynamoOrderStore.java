package dev.flywheel.orders.adapters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.flywheel.kit.dynamo.BatchReads;
import dev.flywheel.kit.dynamo.ConditionalWrites;
import dev.flywheel.kit.json.Json;
import dev.flywheel.kit.money.Money;
import dev.flywheel.orders.domain.Order;
import dev.flywheel.orders.domain.OrderLine;
import dev.flywheel.orders.domain.OrderStatus;
import dev.flywheel.orders.domain.OrderStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static dev.flywheel.kit.dynamo.Items.n;
import static dev.flywheel.kit.dynamo.Items.number;
import static dev.flywheel.kit.dynamo.Items.optionalString;
import static dev.flywheel.kit.dynamo.Items.s;
import static dev.flywheel.kit.dynamo.Items.string;

/**
 * Orders in {@code orders} (key: orderId; GSI byUser: userId + createdAt, keys only). An order placed with an
 * Idempotency-Key also keeps its request's hash, so a repeat with another body is told apart. Items and hops are stored as
 * JSON strings, the hops in a compact form ({@link HopsAttribute}): they are read whole, never queried into. One
 * write per saga step, each conditional on the status.
 * A user's list reads the index's keys, then the page's orders in one BatchGetItem: the index stays keys-only, so
 * the saga's status writes never write it again (see FlywheelTopology).
 */
public final class DynamoOrderStore implements OrderStore {
    private static final TypeReference<List<OrderLine>> LINES = new TypeReference<>() {};
    private static final String BY_USER = "byUser";
    /**
     * createdAt is the index's sort key, compared as a string: fixed width (nine fraction digits) so that string
     * order is time order ({@code Instant.toString} drops trailing zero digits, and "10:00:00Z" sorts after
     * "10:00:00.5Z").
     */
    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    /** A listing does not need the hops (the trace is GET /orders/{id}'s): the page reads fewer units without them. */
    private static final String LISTED = "orderId, userId, #status, #items, amount, currency, reason, captureId, createdAt, updatedAt";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoOrderStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public boolean create(Order order) {
        return ConditionalWrites.putIfAbsent(dynamo, table, "orderId", itemOf(order));
    }

    /**
     * Priming only: the PutItem of {@link #place} for {@code sample}, under a condition no item can meet, so that
     * nothing is written (DynamoDB answers ConditionalCheckFailed) while the request's marshalling, signing and
     * answer run once before the first real order.
     */
    public void rehearsePlace(Order sample) {
        Map<String, AttributeValue> item = itemOf(sample);
        item.put("requestHash", s("0".repeat(64)));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_exists(#k) AND attribute_not_exists(#k)")
                    .expressionAttributeNames(Map.of("#k", "orderId"))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        } catch (ConditionalCheckFailedException expected) {
            // the rehearsal's answer: nothing written
        }
    }

    @Override
    public Optional<Placed> place(Order order, String requestHash) {
        Map<String, AttributeValue> item = itemOf(order);
        if (requestHash != null) item.put("requestHash", s(requestHash));
        return ConditionalWrites.putIfAbsentOrHolder(dynamo, table, "orderId", item).map(holder -> {
            Map<String, AttributeValue> existing = holder.isEmpty() ? consistentRead(order.orderId()) : holder;
            if (existing == null || existing.isEmpty()) throw new IllegalStateException("order " + order.orderId() + " exists and cannot be read");
            return new Placed(toOrder(existing), optionalString(existing, "requestHash").orElse(null));
        });
    }

    private static Map<String, AttributeValue> itemOf(Order order) {
        return new HashMap<>(Map.of("orderId", s(order.orderId()), "userId", s(order.userId()),
                "status", s(order.status().name()), "items", s(Json.write(order.items())),
                "createdAt", s(SORTABLE.format(order.createdAt())), "updatedAt", s(order.updatedAt().toString()),
                "hops", s(HopsAttribute.encode(order.hops()))));
    }

    @Override
    public Optional<Order> find(String orderId) {
        Map<String, AttributeValue> item = consistentRead(orderId);
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toOrder(item));
    }

    private Map<String, AttributeValue> consistentRead(String orderId) {
        return dynamo.getItem(b -> b.tableName(table).key(Map.of("orderId", s(orderId))).consistentRead(true)).item();
    }

    @Override
    public Page byUser(String userId, int limit, Position after) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        Map<String, AttributeValue> start = after == null ? null
                : Map.of("userId", s(userId), "createdAt", s(SORTABLE.format(after.createdAt())), "orderId", s(after.orderId()));
        do {
            // one more than the page: whether it exists decides whether there is a next page, so a full last page has no cursor
            int wanted = limit + 1 - keys.size();
            Map<String, AttributeValue> from = start;
            var result = dynamo.query(b -> b.tableName(table).indexName(BY_USER).keyConditionExpression("userId = :user")
                    .expressionAttributeValues(Map.of(":user", s(userId))).scanIndexForward(false).limit(wanted).exclusiveStartKey(from));
            keys.addAll(result.items());
            start = result.hasLastEvaluatedKey() && !result.lastEvaluatedKey().isEmpty() ? result.lastEvaluatedKey() : null;
        } while (start != null && keys.size() <= limit);

        List<Map<String, AttributeValue>> page = keys.subList(0, Math.min(limit, keys.size()));
        Map<String, Order> found = batchGet(page.stream().map(k -> string(k, "orderId")).toList());
        List<Order> orders = page.stream().map(k -> found.get(string(k, "orderId"))).filter(Objects::nonNull).toList();
        Optional<Position> next = Optional.empty();
        if (keys.size() > limit) {
            Map<String, AttributeValue> last = page.get(page.size() - 1);
            next = Optional.of(new Position(Instant.parse(string(last, "createdAt")), string(last, "orderId")));
        }
        return new Page(orders, next);
    }

    /** Orders by id (a page is at most 100: one BatchGetItem, unless DynamoDB leaves some unprocessed). */
    private Map<String, Order> batchGet(List<String> orderIds) {
        Map<String, Order> found = new HashMap<>();
        if (orderIds.isEmpty()) return found;
        List<Map<String, AttributeValue>> keys = orderIds.stream().map(id -> Map.of("orderId", s(id))).toList();
        BatchReads.items(dynamo, table, keys, request -> request.consistentRead(true)
                        .projectionExpression(LISTED).expressionAttributeNames(Map.of("#status", "status", "#items", "items")))
                .forEach(item -> found.put(string(item, "orderId"), toOrder(item)));
        return found;
    }

    @Override
    public Transition transition(String orderId, Set<OrderStatus> from, OrderStatus to, Changes changes) {
        List<String> sets = new ArrayList<>(List.of("#status = :to", "updatedAt = :now"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":to", s(to.name()), ":now", s(clock.instant().toString())));
        if (changes.amount() != null) {
            sets.add("amount = :amount");
            sets.add("currency = :currency");
            values.put(":amount", n(changes.amount().amount()));
            values.put(":currency", s(changes.amount().currency()));
        }
        if (changes.reason() != null) { sets.add("reason = :reason"); values.put(":reason", s(changes.reason())); }
        if (changes.captureId() != null) { sets.add("captureId = :captureId"); values.put(":captureId", s(changes.captureId())); }
        if (changes.hops() != null) { sets.add("hops = :hops"); values.put(":hops", s(HopsAttribute.encode(changes.hops()))); }
        List<String> allowed = new ArrayList<>();
        int i = 0;
        for (OrderStatus status : from) {
            allowed.add(":from" + i);
            values.put(":from" + i++, s(status.name()));
        }
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of("orderId", s(orderId)))
                    .updateExpression("SET " + String.join(", ", sets))
                    .conditionExpression("attribute_exists(orderId) AND #status IN (" + String.join(", ", allowed) + ")")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Transition.APPLIED;
        } catch (ConditionalCheckFailedException e) {
            boolean exists = e.hasItem() && !e.item().isEmpty() || find(orderId).isPresent();
            return exists ? Transition.NOT_IN_STATE : Transition.MISSING;
        }
    }

    private static Order toOrder(Map<String, AttributeValue> item) {
        Money amount = item.containsKey("amount") ? new Money(number(item, "amount"), string(item, "currency")) : null;
        return new Order(string(item, "orderId"), string(item, "userId"), OrderStatus.valueOf(string(item, "status")),
                read(string(item, "items"), LINES), amount, optionalString(item, "reason").orElse(null),
                optionalString(item, "captureId").orElse(null), Instant.parse(string(item, "createdAt")),
                Instant.parse(string(item, "updatedAt")), optionalString(item, "hops").map(HopsAttribute::decode).orElse(List.of()));
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt order attribute: " + e.getOriginalMessage(), e);
        }
    }
}
