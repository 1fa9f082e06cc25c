package dev.flywheel.dynamodb.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Attribute values to and from their wire form, {@code {"S": "x"}}, with DynamoDB's validation of what comes in. */
public final class Wire {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String INVALID = "One or more parameter values were invalid: ";

    private Wire() {}

    public static Map<String, Value> item(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isObject()) throw DynamoException.serialization("Start of structure or map found where not expected");
        Map<String, Value> item = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            item.put(e.getKey(), value(e.getValue()));
        }
        return item;
    }

    public static Value value(JsonNode node) {
        if (node == null || !node.isObject()) throw DynamoException.serialization("Unexpected value type in payload");
        if (node.size() == 0) throw new DynamoException.Validation(INVALID + "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        if (node.size() > 1) throw new DynamoException.Validation(INVALID
                + "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        Map.Entry<String, JsonNode> e = node.fields().next();
        JsonNode v = e.getValue();
        switch (e.getKey()) {
            case "S": return new Value.S(text(v));
            case "N": return new Value.N(Numbers.parse(text(v)));
            case "B": return new Value.B(binary(v));
            case "BOOL":
                if (!v.isBoolean()) throw DynamoException.serialization("BOOL must be a boolean");
                return new Value.Bool(v.booleanValue());
            case "NULL":
                if (!v.isBoolean() || !v.booleanValue()) throw new DynamoException.Validation(INVALID + "Null attribute value types must have the value of true");
                return new Value.Null();
            case "L": {
                List<Value> values = new ArrayList<>();
                for (JsonNode element : array(v)) values.add(value(element));
                return new Value.L(values);
            }
            case "M": {
                Map<String, Value> values = item(v);
                return new Value.M(values);
            }
            case "SS": {
                Set<String> values = new LinkedHashSet<>();
                for (JsonNode element : nonEmptySet(v, "string")) values.add(text(element));
                return noDuplicates(v, values.size(), new Value.SS(values));
            }
            case "NS": {
                Set<BigDecimal> values = new LinkedHashSet<>();
                for (JsonNode element : nonEmptySet(v, "number")) values.add(Numbers.parse(text(element)));
                return noDuplicates(v, values.size(), new Value.NS(values));
            }
            case "BS": {
                Set<Value.Bytes> values = new LinkedHashSet<>();
                for (JsonNode element : nonEmptySet(v, "binary")) values.add(new Value.Bytes(binary(element)));
                return noDuplicates(v, values.size(), new Value.BS(values));
            }
            default:
                throw new DynamoException.Validation(INVALID + "Supplied AttributeValue has an unknown datatype: " + e.getKey());
        }
    }

    private static String text(JsonNode v) {
        if (!v.isTextual()) throw DynamoException.serialization("NUMBER_VALUE cannot be converted to String");
        return v.textValue();
    }

    private static byte[] binary(JsonNode v) {
        try {
            return Base64.getDecoder().decode(text(v));
        } catch (IllegalArgumentException e) {
            throw DynamoException.serialization("Base64 encoded binary data is invalid");
        }
    }

    private static ArrayNode array(JsonNode v) {
        if (!v.isArray()) throw DynamoException.serialization("Expected list or set");
        return (ArrayNode) v;
    }

    private static ArrayNode nonEmptySet(JsonNode v, String kind) {
        ArrayNode array = array(v);
        if (array.isEmpty()) throw new DynamoException.Validation(INVALID + "An " + kind + " set  may not be empty");
        return array;
    }

    private static Value noDuplicates(JsonNode v, int distinct, Value set) {
        if (distinct != v.size()) throw new DynamoException.Validation(INVALID + "Input collection " + v + " contains duplicates.");
        return set;
    }

    public static ObjectNode json(Map<String, Value> item) {
        ObjectNode node = JSON.objectNode();
        item.forEach((k, v) -> node.set(k, json(v)));
        return node;
    }

    public static ObjectNode json(Value value) {
        ObjectNode node = JSON.objectNode();
        if (value instanceof Value.S s) node.put("S", s.value());
        else if (value instanceof Value.N n) node.put("N", n.text());
        else if (value instanceof Value.B b) node.put("B", b.base64());
        else if (value instanceof Value.Bool b) node.put("BOOL", b.value());
        else if (value instanceof Value.Null) node.put("NULL", true);
        else if (value instanceof Value.L l) {
            ArrayNode array = node.putArray("L");
            l.values().forEach(v -> array.add(json(v)));
        } else if (value instanceof Value.M m) node.set("M", json(m.values()));
        else if (value instanceof Value.SS ss) {
            ArrayNode array = node.putArray("SS");
            ss.values().forEach(array::add);
        } else if (value instanceof Value.NS ns) {
            ArrayNode array = node.putArray("NS");
            ns.values().forEach(n -> array.add(n.toPlainString()));
        } else {
            ArrayNode array = node.putArray("BS");
            ((Value.BS) value).values().forEach(b -> array.add(b.toString()));
        }
        return node;
    }
}
