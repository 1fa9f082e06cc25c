package dev.flywheel.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.flywheel.dynamodb.expr.Symbols;
import dev.flywheel.dynamodb.model.DynamoException;
import dev.flywheel.dynamodb.model.Value;
import dev.flywheel.dynamodb.model.Wire;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Typed access to one request's JSON, refusing wrong types and the legacy parameters this engine does not take. */
final class Request {
    /** Pre-2014 parameters, superseded by expressions; the engine refuses them rather than half-support them. */
    private static final List<String> LEGACY = List.of("Expected", "AttributesToGet", "AttributeUpdates", "ConditionalOperator",
            "KeyConditions", "QueryFilter", "ScanFilter");

    private final JsonNode node;

    Request(JsonNode node) {
        this.node = node == null ? MissingNode.getInstance() : node;
        for (String legacy : LEGACY) {
            if (this.node.has(legacy)) {
                throw new DynamoException.Validation("The legacy parameter " + legacy + " is not supported by this engine; use the expression parameters instead");
            }
        }
    }

    JsonNode node() { return node; }

    boolean has(String field) { return node.hasNonNull(field); }

    String string(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw DynamoException.serialization("Unexpected value for " + field + ": expected a string");
        return v.textValue();
    }

    String required(String field) {
        String v = string(field);
        if (v == null) throw new DynamoException.Validation("1 validation error detected: Value null at '" + lowerFirst(field)
                + "' failed to satisfy constraint: Member must not be null");
        return v;
    }

    String choice(String field, String fallback, Set<String> allowed) {
        String v = string(field);
        if (v == null) return fallback;
        if (!allowed.contains(v)) {
            throw new DynamoException.Validation("1 validation error detected: Value '" + v + "' at '" + lowerFirst(field)
                    + "' failed to satisfy constraint: Member must satisfy enum value set: " + allowed);
        }
        return v;
    }

    boolean bool(String field, boolean fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isBoolean()) throw DynamoException.serialization("Unexpected value for " + field + ": expected a boolean");
        return v.booleanValue();
    }

    Integer integer(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.canConvertToInt()) throw DynamoException.serialization("Unexpected value for " + field + ": expected an integer");
        return v.intValue();
    }

    Map<String, Value> item(String field) { return Wire.item(node.get(field)); }

    Map<String, String> names() {
        JsonNode v = node.get("ExpressionAttributeNames");
        if (v == null || v.isNull()) return null;
        Map<String, String> names = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) throw DynamoException.serialization("ExpressionAttributeNames values must be strings");
            names.put(e.getKey(), e.getValue().textValue());
        }
        return names;
    }

    Symbols symbols() { return new Symbols(names(), Wire.item(node.get("ExpressionAttributeValues"))); }

    Request child(String field) { return new Request(node.get(field)); }

    Iterable<JsonNode> array(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) throw DynamoException.serialization("Unexpected value for " + field + ": expected a list");
        return v;
    }

    static String lowerFirst(String s) { return Character.toLowerCase(s.charAt(0)) + s.substring(1); }
}
