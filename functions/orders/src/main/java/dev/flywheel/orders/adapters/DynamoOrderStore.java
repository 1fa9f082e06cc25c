package dev.flywheel.orders.adapters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.flywheel.kit.dynamo.ConditionalWrites;
import dev.flywheel.kit.envelope.Hop;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.flywheel.kit.dynamo.Items.n;
import static dev.flywheel.kit.dynamo.Items.number;
import static dev.flywheel.kit.dynamo.Items.optionalString;
import static dev.flywheel.kit.dynamo.Items.s;
import static dev.flywheel.kit.dynamo.Items.string;

/**
 * Orders in {@code orders} (key: orderId; GSI byUser: userId + createdAt). Items and hops are stored as JSON
 * strings: they are read whole, never queried into. One write per saga step, each conditional on the status.
 */
public final class DynamoOrderStore implements OrderStore {
    private static final TypeReference<List<OrderLine>> LINES = new TypeReference<>() {};
    private static final TypeReference<List<Hop>> HOPS = new TypeReference<>() {};

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
        Map<String, AttributeValue> item = new HashMap<>(Map.of("orderId", s(order.orderId()), "userId", s(order.userId()),
                "status", s(order.status().name()), "items", s(Json.write(order.items())),
                "createdAt", s(order.createdAt().toString()), "updatedAt", s(order.updatedAt().toString()),
                "hops", s(Json.write(order.hops()))));
        return ConditionalWrites.putIfAbsent(dynamo, table, "orderId", item);
    }

    @Override
    public Optional<Order> find(String orderId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Map.of("orderId", s(orderId))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toOrder(item));
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
        if (changes.hops() != null) { sets.add("hops = :hops"); values.put(":hops", s(Json.write(changes.hops()))); }
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
                Instant.parse(string(item, "updatedAt")), optionalString(item, "hops").map(h -> read(h, HOPS)).orElse(List.of()));
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt order attribute: " + e.getOriginalMessage(), e);
        }
    }
}
