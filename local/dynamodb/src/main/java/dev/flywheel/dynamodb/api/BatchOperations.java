package dev.flywheel.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.dynamodb.expr.Ast;
import dev.flywheel.dynamodb.expr.Expressions;
import dev.flywheel.dynamodb.expr.Projections;
import dev.flywheel.dynamodb.expr.Symbols;
import dev.flywheel.dynamodb.model.DynamoException;
import dev.flywheel.dynamodb.model.ItemSize;
import dev.flywheel.dynamodb.model.Value;
import dev.flywheel.dynamodb.model.Wire;
import dev.flywheel.dynamodb.table.KeyTuple;
import dev.flywheel.dynamodb.table.Table;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** BatchGetItem (up to 100 keys) and BatchWriteItem (up to 25 puts and deletes): many items, each on its own. */
final class BatchOperations {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Tables tables;

    BatchOperations(Tables tables) { this.tables = tables; }

    JsonNode get(Request request) {
        JsonNode requestItems = requestItems(request);
        int total = 0;
        ObjectNode out = JSON.objectNode();
        ObjectNode responses = out.putObject("Responses");
        Capacity.Mode mode = Capacity.mode(request);
        ArrayNode consumed = JSON.arrayNode();
        record Read(Table table, List<KeyTuple> keys, List<Ast.Path> projection, boolean consistent) {}
        List<Read> reads = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Table table = tables.get(e.getKey());
            Request spec = new Request(e.getValue());
            Symbols symbols = spec.symbols();
            String projectionText = spec.string("ProjectionExpression");
            List<Ast.Path> projection = projectionText == null ? null : Expressions.projection(projectionText, symbols);
            symbols.requireAllUsed(projection != null);
            List<KeyTuple> keys = new ArrayList<>();
            Set<KeyTuple> seen = new HashSet<>();
            for (JsonNode key : spec.array("Keys")) {
                KeyTuple tuple = table.key().primaryKey(Wire.item(key));
                if (!seen.add(tuple)) throw new DynamoException.Validation("Provided list of item keys contains duplicates");
                keys.add(tuple);
            }
            if (keys.isEmpty()) throw new DynamoException.Validation("1 validation error detected: Value at 'requestItems." + e.getKey()
                    + ".member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1");
            total += keys.size();
            reads.add(new Read(table, keys, projection, spec.bool("ConsistentRead", false)));
        }
        if (total > 100) throw new DynamoException.Validation("Too many items requested for the BatchGetItem call");
        for (Read read : reads) {
            ArrayNode items = responses.putArray(read.table().name());
            double units = 0;
            for (KeyTuple key : read.keys()) {
                Map<String, Value> item = read.table().get(key);
                if (item == null) continue;
                units += Capacity.readUnits(ItemSize.of(item), read.consistent());
                items.add(Wire.json(read.projection() == null ? item : Projections.project(item, read.projection())));
            }
            if (mode != Capacity.Mode.NONE) consumed.add(new Capacity(read.table().name()).read(units).json(mode));
        }
        out.putObject("UnprocessedKeys");
        if (mode != Capacity.Mode.NONE) out.set("ConsumedCapacity", consumed);
        return out;
    }

    JsonNode write(Request request) {
        JsonNode requestItems = requestItems(request);
        List<Write> writes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Table table = tables.get(e.getKey());
            Set<KeyTuple> seen = new HashSet<>();
            if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                throw new DynamoException.Validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
            }
            for (JsonNode action : e.getValue()) {
                boolean put = action.has("PutRequest");
                if (put == action.has("DeleteRequest")) throw new DynamoException
                        .Validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
                Write write;
                if (put) {
                    Map<String, Value> item = Wire.item(action.path("PutRequest").get("Item"));
                    if (item == null) throw new DynamoException
                            .Validation("1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null");
                    KeyTuple key = table.key().keyOfItem(item);
                    table.check(item);
                    write = new Write(table, key, null, old -> item, false);
                } else {
                    KeyTuple key = table.key().primaryKey(Wire.item(action.path("DeleteRequest").get("Key")));
                    write = new Write(table, key, null, old -> null, false);
                }
                if (!seen.add(write.key)) throw new DynamoException.Validation("Provided list of item keys contains duplicates");
                writes.add(write);
            }
        }
        if (writes.size() > 25) {
            throw new DynamoException.Validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
        }
        Capacity.Mode mode = Capacity.mode(request);
        Map<String, Capacity> capacities = new LinkedHashMap<>();
        for (Write write : writes) {
            try (Locks locks = new Locks(List.of(write.table), List.of(write.key))) {
                write.read();
                write.prepare();
                write.table.atomically(write::commit);
            }
            write.charge(capacities.computeIfAbsent(write.table.name(), Capacity::new), 1);
        }
        ObjectNode out = JSON.objectNode();
        out.putObject("UnprocessedItems");
        if (mode != Capacity.Mode.NONE) {
            ArrayNode consumed = out.putArray("ConsumedCapacity");
            capacities.values().forEach(c -> consumed.add(c.json(mode)));
        }
        return out;
    }

    private static JsonNode requestItems(Request request) {
        JsonNode items = request.node().get("RequestItems");
        if (items == null || !items.isObject() || items.isEmpty()) {
            throw new DynamoException.Validation("1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must not be null");
        }
        return items;
    }
}
