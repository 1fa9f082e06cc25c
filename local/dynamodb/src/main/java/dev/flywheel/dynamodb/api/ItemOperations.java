package dev.flywheel.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.flywheel.dynamodb.model.ItemSize;
import dev.flywheel.dynamodb.model.Value;
import dev.flywheel.dynamodb.model.Wire;
import dev.flywheel.dynamodb.table.KeyTuple;
import dev.flywheel.dynamodb.table.Table;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/** PutItem, GetItem, UpdateItem, DeleteItem. */
final class ItemOperations {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> PUT_RETURNS = Set.of("NONE", "ALL_OLD");
    private static final Set<String> UPDATE_RETURNS = Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW");

    private final Tables tables;

    ItemOperations(Tables tables) { this.tables = tables; }

    JsonNode put(Request request) {
        // the request's own validation comes first, the table's existence after, as in DynamoDB
        String name = TableOperations.tableName(request);
        Map<String, Value> item = request.item("Item");
        if (item == null) throw new DynamoException.Validation("1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null");
        String returns = returnValues(request, PUT_RETURNS);
        Condition condition = condition(request);
        Table table = tables.get(name);
        KeyTuple key = table.key().keyOfItem(item);
        Write write = new Write(table, key, condition, old -> item, returnOldOnFailure(request));
        run(write);
        return answer(request, write, "ALL_OLD".equals(returns) ? write.before : null);
    }

    JsonNode delete(Request request) {
        Table table = tables.get(TableOperations.tableName(request));
        KeyTuple key = table.key().primaryKey(request.item("Key"));
        String returns = returnValues(request, PUT_RETURNS);
        Write write = new Write(table, key, condition(request), old -> null, returnOldOnFailure(request));
        run(write);
        return answer(request, write, "ALL_OLD".equals(returns) ? write.before : null);
    }

    JsonNode update(Request request) {
        Table table = tables.get(TableOperations.tableName(request));
        Map<String, Value> keyAttributes = request.item("Key");
        KeyTuple key = table.key().primaryKey(keyAttributes);
        String returns = returnValues(request, UPDATE_RETURNS);
        Symbols symbols = request.symbols();
        String text = request.string("UpdateExpression");
        Ast.Update update = text == null ? null : Expressions.update(text, symbols);
        String conditionText = request.string("ConditionExpression");
        Condition condition = conditionText == null ? null : Expressions.condition(conditionText, ExpressionKind.CONDITION, symbols);
        symbols.requireAllUsed(update != null || condition != null);
        if (update != null) Updates.validate(update, table.key().names());
        Write write = new Write(table, key, condition, old -> updated(update, old, keyAttributes), returnOldOnFailure(request));
        run(write);
        Map<String, Value> attributes = switch (returns) {
            case "ALL_OLD" -> write.before;
            case "ALL_NEW" -> write.after;
            case "UPDATED_OLD" -> touched(update, write.before);
            case "UPDATED_NEW" -> touched(update, write.after);
            default -> null;
        };
        return answer(request, write, attributes);
    }

    static Map<String, Value> updated(Ast.Update update, Map<String, Value> old, Map<String, Value> key) {
        Map<String, Value> base = old != null ? old : key;
        return update == null ? new LinkedHashMap<>(base) : Updates.apply(update, base);
    }

    private static Map<String, Value> touched(Ast.Update update, Map<String, Value> item) {
        if (update == null || item == null) return null;
        Map<String, Value> values = Projections.project(item, update.actions().stream().map(Ast.UpdateAction::path).toList());
        return values.isEmpty() ? null : values;
    }

    JsonNode get(Request request) {
        Table table = tables.get(TableOperations.tableName(request));
        KeyTuple key = table.key().primaryKey(request.item("Key"));
        Symbols symbols = request.symbols();
        String projectionText = request.string("ProjectionExpression");
        List<Ast.Path> projection = projectionText == null ? null : Expressions.projection(projectionText, symbols);
        symbols.requireAllUsed(projection != null);
        boolean consistent = request.bool("ConsistentRead", false);
        Map<String, Value> item = table.get(key);
        ObjectNode out = JSON.objectNode();
        if (item != null) out.set("Item", Wire.json(projection == null ? item : Projections.project(item, projection)));
        Capacity.Mode mode = Capacity.mode(request);
        if (mode != Capacity.Mode.NONE) out.set("ConsumedCapacity", new Capacity(table.name()).read(Capacity.readUnits(ItemSize.of(item), consistent)).json(mode));
        return out;
    }

    /** Runs one write under its item's lock. */
    private static void run(Write write) {
        ReentrantLock lock = write.table.lock(write.key);
        lock.lock();
        try {
            if (!write.read()) throw new DynamoException.ConditionalCheckFailed(write.returnOldOnFailure ? write.before : null);
            write.prepare();
            write.table.atomically(write::commit);
        } finally {
            lock.unlock();
        }
    }

    private static JsonNode answer(Request request, Write write, Map<String, Value> attributes) {
        ObjectNode out = JSON.objectNode();
        if (attributes != null && !attributes.isEmpty()) out.set("Attributes", Wire.json(attributes));
        Capacity.Mode mode = Capacity.mode(request);
        if (mode != Capacity.Mode.NONE) {
            Capacity capacity = new Capacity(write.table.name());
            write.charge(capacity, 1);
            out.set("ConsumedCapacity", capacity.json(mode));
        }
        return out;
    }

    /** The request's ConditionExpression, parsed; also checks that every name and value given is used. */
    private static Condition condition(Request request) {
        Symbols symbols = request.symbols();
        String text = request.string("ConditionExpression");
        Condition condition = text == null ? null : Expressions.condition(text, ExpressionKind.CONDITION, symbols);
        symbols.requireAllUsed(condition != null);
        return condition;
    }

    private static String returnValues(Request request, Set<String> allowed) {
        String returns = request.string("ReturnValues");
        if (returns == null) return "NONE";
        if (!allowed.contains(returns)) {
            throw new DynamoException.Validation(allowed.size() == 2 ? "ReturnValues can only be ALL_OLD or NONE"
                    : "1 validation error detected: Value '" + returns
                            + "' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
        }
        return returns;
    }

    static boolean returnOldOnFailure(Request request) {
        return "ALL_OLD".equals(request.choice("ReturnValuesOnConditionCheckFailure", "NONE", Set.of("NONE", "ALL_OLD")));
    }
}
