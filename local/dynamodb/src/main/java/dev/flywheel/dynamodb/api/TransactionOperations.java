package dev.flywheel.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.dynamodb.expr.Ast;
import dev.flywheel.dynamodb.expr.Ast.Condition;
import dev.flywheel.dynamodb.expr.ExpressionKind;
import dev.flywheel.dynamodb.expr.Expressions;
import dev.flywheel.dynamodb.expr.Projections;
import dev.flywheel.dynamodb.expr.Symbols;
import dev.flywheel.dynamodb.expr.Updates;
import dev.flywheel.dynamodb.model.DynamoException;
import dev.flywheel.dynamodb.model.DynamoException.CancellationReason;
import dev.flywheel.dynamodb.model.ItemSize;
import dev.flywheel.dynamodb.model.Value;
import dev.flywheel.dynamodb.model.Wire;
import dev.flywheel.dynamodb.table.KeyTuple;
import dev.flywheel.dynamodb.table.Table;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TransactWriteItems and TransactGetItems. A transaction locks every item it names (in the global lock order),
 * checks every condition, and only then writes: all or nothing, across tables, serializable with every other
 * write to those items, and in parallel with transactions on other items.
 */
final class TransactionOperations {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_ACTIONS = 100;

    private final Tables tables;
    private final ClientTokens tokens = new ClientTokens(Duration.ofMinutes(10));

    TransactionOperations(Tables tables) { this.tables = tables; }

    JsonNode write(Request request) {
        String token = request.string("ClientRequestToken");
        if (token == null) return writeOnce(request);
        return tokens.once(token, request.node(), () -> writeOnce(request));
    }

    private JsonNode writeOnce(Request request) {
        List<Write> writes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode node : request.array("TransactItems")) {
            Write write = action(node);
            if (!seen.add(write.table.name() + "\u0000" + write.key)) {
                throw new DynamoException.Validation("Transaction request cannot include multiple operations on one item");
            }
            writes.add(write);
        }
        checkCount(writes.size());
        try (Locks locks = new Locks(writes.stream().map(w -> w.table).toList(), writes.stream().map(w -> w.key).toList())) {
            List<CancellationReason> reasons = new ArrayList<>();
            boolean cancelled = false;
            for (Write write : writes) {
                if (!write.read()) {
                    cancelled = true;
                    reasons.add(new CancellationReason("ConditionalCheckFailed", "The conditional request failed", write.returnOldOnFailure ? write.before : null));
                    continue;
                }
                try {
                    write.prepare();
                    reasons.add(new CancellationReason("None", null, null));
                } catch (DynamoException.Validation e) {
                    cancelled = true;
                    reasons.add(new CancellationReason("ValidationError", e.getMessage(), null));
                }
            }
            if (cancelled) throw new DynamoException.TransactionCanceled(reasons);
            writes.get(0).table.atomically(() -> writes.forEach(Write::commit)); // every table shares the engine's storage
        }
        ObjectNode out = JSON.objectNode();
        Capacity.Mode mode = Capacity.mode(request);
        if (mode != Capacity.Mode.NONE) {
            Map<String, Capacity> capacities = new LinkedHashMap<>();
            for (Write write : writes) write.charge(capacities.computeIfAbsent(write.table.name(), Capacity::new), 2);
            ArrayNode consumed = out.putArray("ConsumedCapacity");
            capacities.values().forEach(c -> consumed.add(c.json(mode)));
        }
        return out;
    }

    private Write action(JsonNode node) {
        List<String> kinds = new ArrayList<>();
        node.fieldNames().forEachRemaining(kinds::add);
        if (kinds.size() != 1 || !Set.of("ConditionCheck", "Put", "Delete", "Update").contains(kinds.get(0))) {
            throw new DynamoException.Validation("TransactItems can only contain one of Check, Put, Update or Delete");
        }
        String kind = kinds.get(0);
        Request spec = new Request(node.get(kind));
        Table table = tables.get(TableOperations.tableName(spec));
        Symbols symbols = spec.symbols();
        String conditionText = spec.string("ConditionExpression");
        Condition condition = conditionText == null ? null : Expressions.condition(conditionText, ExpressionKind.CONDITION, symbols);
        boolean returnOld = ItemOperations.returnOldOnFailure(spec);
        switch (kind) {
            case "Put": {
                symbols.requireAllUsed(condition != null);
                Map<String, Value> item = spec.item("Item");
                if (item == null) throw new DynamoException.Validation("1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null");
                return new Write(table, table.key().keyOfItem(item), condition, old -> item, returnOld);
            }
            case "Delete":
                symbols.requireAllUsed(condition != null);
                return new Write(table, table.key().primaryKey(spec.item("Key")), condition, old -> null, returnOld);
            case "Update": {
                Map<String, Value> key = spec.item("Key");
                KeyTuple tuple = table.key().primaryKey(key);
                Ast.Update update = Expressions.update(spec.required("UpdateExpression"), symbols);
                symbols.requireAllUsed(true);
                Updates.validate(update, table.key().names());
                return new Write(table, tuple, condition, old -> ItemOperations.updated(update, old, key), returnOld);
            }
            default: {
                if (condition == null) throw new DynamoException
                        .Validation("1 validation error detected: Value null at 'transactItems.1.member.conditionCheck.conditionExpression' failed to satisfy constraint: Member must not be null");
                symbols.requireAllUsed(true);
                return new Write(table, table.key().primaryKey(spec.item("Key")), condition, null, returnOld);
            }
        }
    }

    JsonNode get(Request request) {
        record Get(Table table, KeyTuple key, List<Ast.Path> projection) {}
        List<Get> gets = new ArrayList<>();
        for (JsonNode node : request.array("TransactItems")) {
            if (!node.has("Get") || node.size() != 1) throw new DynamoException.Validation("TransactItems can only contain Get");
            Request spec = new Request(node.get("Get"));
            Table table = tables.get(TableOperations.tableName(spec));
            Symbols symbols = spec.symbols();
            String projectionText = spec.string("ProjectionExpression");
            List<Ast.Path> projection = projectionText == null ? null : Expressions.projection(projectionText, symbols);
            symbols.requireAllUsed(projection != null);
            gets.add(new Get(table, table.key().primaryKey(spec.item("Key")), projection));
        }
        checkCount(gets.size());
        List<Map<String, Value>> items = new ArrayList<>();
        try (Locks locks = new Locks(gets.stream().map(Get::table).toList(), gets.stream().map(Get::key).toList())) {
            for (Get get : gets) items.add(get.table().get(get.key()));
        }
        ObjectNode out = JSON.objectNode();
        ArrayNode responses = out.putArray("Responses");
        Map<String, Capacity> capacities = new LinkedHashMap<>();
        for (int i = 0; i < gets.size(); i++) {
            Map<String, Value> item = items.get(i);
            ObjectNode response = responses.addObject();
            if (item != null) response.set("Item", Wire.json(gets.get(i).projection() == null ? item : Projections.project(item, gets.get(i).projection())));
            capacities.computeIfAbsent(gets.get(i).table().name(), Capacity::new).read(2 * Capacity.readUnits(ItemSize.of(item), true));
        }
        Capacity.Mode mode = Capacity.mode(request);
        if (mode != Capacity.Mode.NONE) {
            ArrayNode consumed = out.putArray("ConsumedCapacity");
            capacities.values().forEach(c -> consumed.add(c.json(mode)));
        }
        return out;
    }

    private static void checkCount(int count) {
        if (count < 1 || count > MAX_ACTIONS) {
            throw new DynamoException.Validation("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to "
                    + MAX_ACTIONS + " and greater than or equal to 1");
        }
    }
}
