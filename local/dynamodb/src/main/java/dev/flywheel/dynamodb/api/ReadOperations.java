package dev.flywheel.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.dynamodb.expr.Ast;
import dev.flywheel.dynamodb.expr.Ast.Condition;
import dev.flywheel.dynamodb.expr.Conditions;
import dev.flywheel.dynamodb.expr.ExpressionKind;
import dev.flywheel.dynamodb.expr.Expressions;
import dev.flywheel.dynamodb.expr.Projections;
import dev.flywheel.dynamodb.expr.Symbols;
import dev.flywheel.dynamodb.model.DynamoException;
import dev.flywheel.dynamodb.model.ItemSize;
import dev.flywheel.dynamodb.model.Value;
import dev.flywheel.dynamodb.model.Wire;
import dev.flywheel.dynamodb.table.IndexDefinition;
import dev.flywheel.dynamodb.table.KeySchema;
import dev.flywheel.dynamodb.table.KeyTuple;
import dev.flywheel.dynamodb.table.Table;
import dev.flywheel.dynamodb.table.TableStore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Query and Scan: read in key order from a table or an index, up to Limit items or 1 MB read, then filter and
 * project. Count, ScannedCount, LastEvaluatedKey and consumed capacity follow the developer guide.
 */
final class ReadOperations {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long PAGE_BYTES = 1024 * 1024;
    private static final Set<String> SELECTS = Set.of("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT");

    private final Tables tables;

    ReadOperations(Tables tables) { this.tables = tables; }

    /** Where a read goes: the table, or one of its indexes. */
    private record Source(Table table, IndexDefinition index) {
        TableStore store() { return index == null ? table.items() : table.index(index.name()); }
        KeySchema key() { return index == null ? table.key() : index.key(); }

        KeyTuple position(Map<String, Value> startKey) {
            if (index == null) return table.key().primaryKey(startKey);
            KeyTuple tableKey = table.key().keyOfItem(startKey);
            KeyTuple position = table.indexKey(index, startKey, tableKey);
            if (position == null) throw new DynamoException.Validation("The provided starting key is invalid: The provided key element does not match the schema");
            return position;
        }

        Map<String, Value> lastKey(Map<String, Value> item) {
            Map<String, Value> key = new LinkedHashMap<>(table.key().keyOf(item));
            if (index != null) key.putAll(index.key().keyOf(item));
            return key;
        }
    }

    JsonNode query(Request request) {
        Source source = source(request);
        Symbols symbols = request.symbols();
        String keyText = request.string("KeyConditionExpression");
        if (keyText == null) throw new DynamoException.Validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        Condition keyCondition = Expressions.condition(keyText, ExpressionKind.KEY_CONDITION, symbols);
        Condition filter = filter(request, symbols, source);
        List<Ast.Path> projection = projection(request, symbols);
        symbols.requireAllUsed(true);
        KeyCondition range = KeyCondition.of(keyCondition, source.key());
        boolean forward = request.bool("ScanIndexForward", true);
        KeyTuple from = range.from();
        KeyTuple to = range.to();
        if (request.has("ExclusiveStartKey")) {
            KeyTuple start = source.position(request.item("ExclusiveStartKey"));
            if (forward) from = start.compareTo(from) > 0 ? start : from;
            else to = start.compareTo(to) < 0 ? start : to;
        }
        String rangeName = source.key().rangeName();
        return read(request, source, from, to, !forward, filter, projection,
                item -> rangeName == null || range.rangeTest().test(item.get(rangeName)), 0, 1);
    }

    JsonNode scan(Request request) {
        Source source = source(request);
        Symbols symbols = request.symbols();
        Condition filter = filter(request, symbols, null);
        List<Ast.Path> projection = projection(request, symbols);
        symbols.requireAllUsed(filter != null || projection != null);
        Integer segment = request.integer("Segment");
        Integer total = request.integer("TotalSegments");
        if ((segment == null) != (total == null)) {
            throw new DynamoException.Validation("The TotalSegments parameter is required but was not present in the request when Segment parameter is present");
        }
        if (total != null && (total < 1 || total > 1_000_000 || segment < 0 || segment >= total)) {
            throw new DynamoException.Validation("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: " + segment
                    + " is out of range for TotalSegments: " + total);
        }
        KeyTuple from = request.has("ExclusiveStartKey") ? source.position(request.item("ExclusiveStartKey")) : null;
        return read(request, source, from, null, false, filter, projection, item -> true, segment == null ? 0 : segment, total == null ? 1 : total);
    }

    private JsonNode read(Request request, Source source, KeyTuple from, KeyTuple to, boolean descending, Condition filter,
                          List<Ast.Path> projection, java.util.function.Predicate<Map<String, Value>> keyTest, int segment, int segments) {
        Integer limit = request.integer("Limit");
        if (limit != null && limit < 1) {
            throw new DynamoException.Validation("1 validation error detected: Value '" + limit
                    + "' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }
        boolean consistent = request.bool("ConsistentRead", false);
        if (consistent && source.index() != null) throw new DynamoException.Validation("Consistent reads are not supported on global secondary indexes");
        String select = request.choice("Select", projection != null ? "SPECIFIC_ATTRIBUTES" : source.index() != null ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES", SELECTS);
        if (projection != null && !select.equals("SPECIFIC_ATTRIBUTES")) {
            throw new DynamoException.Validation("Cannot specify the ProjectionExpression when choosing to get " + select);
        }
        boolean count = select.equals("COUNT");
        Conditions conditions = new Conditions(ExpressionKind.FILTER);
        ArrayNode items = JSON.arrayNode();
        int scanned = 0;
        int matched = 0;
        long bytes = 0;
        Map<String, Value> last = null;
        boolean more = false;
        for (Map.Entry<KeyTuple, Map<String, Value>> entry : source.store().range(from, to, descending)) {
            Map<String, Value> item = entry.getValue();
            if (segments > 1 && Math.floorMod(entry.getKey().parts()[0].hashCode(), segments) != segment) continue;
            if (!keyTest.test(item)) continue;
            if ((limit != null && scanned == limit) || bytes >= PAGE_BYTES) {
                more = true;
                break;
            }
            scanned++;
            bytes += ItemSize.of(item);
            last = item;
            if (filter != null && !conditions.test(filter, item)) continue;
            matched++;
            if (!count) items.add(Wire.json(projection == null ? item : Projections.project(item, projection)));
        }
        ObjectNode out = JSON.objectNode();
        if (!count) out.set("Items", items);
        out.put("Count", matched);
        out.put("ScannedCount", scanned);
        // DynamoDB answers a LastEvaluatedKey whenever it stopped at Limit, even when nothing follows
        if (last != null && (more || (limit != null && scanned == limit))) out.set("LastEvaluatedKey", Wire.json(source.lastKey(last)));
        Capacity.Mode mode = Capacity.mode(request);
        if (mode != Capacity.Mode.NONE) {
            double units = Capacity.readUnits(bytes, consistent);
            Capacity capacity = new Capacity(source.table().name());
            if (source.index() == null) capacity.read(units);
            else capacity.read(0).index(source.index().name(), units, true);
            out.set("ConsumedCapacity", capacity.json(mode));
        }
        return out;
    }

    private Source source(Request request) {
        Table table = tables.get(TableOperations.tableName(request));
        String indexName = request.string("IndexName");
        if (indexName == null) return new Source(table, null);
        IndexDefinition index = table.definition().index(indexName)
                .orElseThrow(() -> new DynamoException.Validation("The table does not have the specified index: " + indexName));
        return new Source(table, index);
    }

    private static Condition filter(Request request, Symbols symbols, Source keyed) {
        String text = request.string("FilterExpression");
        if (text == null) return null;
        Condition filter = Expressions.condition(text, ExpressionKind.FILTER, symbols);
        if (keyed != null) refuseKeys(filter, keyed.key());
        return filter;
    }

    /** A Query's filter may not name the key it queries by. */
    private static void refuseKeys(Condition filter, KeySchema key) {
        for (Ast.Path path : Conditions.paths(filter)) {
            if (key.isKey(path.top())) {
                throw new DynamoException.Validation("Filter Expression can only contain non-primary key attributes: Primary key attribute: " + path.top());
            }
        }
    }

    private static List<Ast.Path> projection(Request request, Symbols symbols) {
        String text = request.string("ProjectionExpression");
        return text == null ? null : Expressions.projection(text, symbols);
    }
}
