package dev.flywheel.dynamodb.table;

import dev.flywheel.dynamodb.model.DynamoException;
import dev.flywheel.dynamodb.model.Value;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A partition key and an optional sort key, each with its scalar type (S, N or B). */
public record KeySchema(String hashName, String hashType, String rangeName, String rangeType) {

    public Optional<String> range() { return Optional.ofNullable(rangeName); }

    public java.util.Set<String> names() { return rangeName == null ? java.util.Set.of(hashName) : java.util.Set.of(hashName, rangeName); }

    public boolean isKey(String attribute) { return attribute.equals(hashName) || attribute.equals(rangeName); }

    /** The item's key as a tuple, or null when the item lacks a key attribute (not indexed: a sparse index). */
    public KeyTuple tupleOrNull(Map<String, Value> item) {
        Value hash = item.get(hashName);
        if (hash == null || !hash.type().equals(hashType)) return null;
        if (rangeName == null) return KeyTuple.of(hash);
        Value range = item.get(rangeName);
        if (range == null || !range.type().equals(rangeType)) return null;
        return KeyTuple.of(hash, range);
    }

    /** Only the key attributes of an item. */
    public Map<String, Value> keyOf(Map<String, Value> item) {
        Map<String, Value> key = new LinkedHashMap<>();
        key.put(hashName, item.get(hashName));
        if (rangeName != null) key.put(rangeName, item.get(rangeName));
        return key;
    }

    /** A table's primary key from a request's {@code Key}: exactly the key attributes, of the right types. */
    public KeyTuple primaryKey(Map<String, Value> key) {
        if (key == null) throw new DynamoException.Validation("1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null");
        int expected = rangeName == null ? 1 : 2;
        if (key.size() != expected || !key.containsKey(hashName) || (rangeName != null && !key.containsKey(rangeName))) {
            throw new DynamoException.Validation("The provided key element does not match the schema");
        }
        return keyOfItem(key);
    }

    /** A table's primary key from a whole item: the key attributes must be present and of their defined types. */
    public KeyTuple keyOfItem(Map<String, Value> item) {
        Value hash = required(item, hashName, hashType);
        if (size(hash) > 2048) {
            throw new DynamoException.Validation("One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes");
        }
        if (rangeName == null) return KeyTuple.of(hash);
        Value range = required(item, rangeName, rangeType);
        if (size(range) > 1024) {
            throw new DynamoException.Validation("One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
        }
        return KeyTuple.of(hash, range);
    }

    private static Value required(Map<String, Value> item, String name, String type) {
        Value v = item.get(name);
        if (v == null) throw new DynamoException.Validation("One or more parameter values were invalid: Missing the key " + name + " in the item");
        if (!v.type().equals(type)) {
            throw new DynamoException.Validation("One or more parameter values were invalid: Type mismatch for key " + name + " expected: " + type + " actual: " + v.type());
        }
        if (size(v) == 0) {
            throw new DynamoException.Validation("One or more parameter values were invalid: The AttributeValue for a key attribute cannot contain an empty "
                    + (type.equals("S") ? "string" : "binary") + " value. Key: " + name);
        }
        return v;
    }

    private static long size(Value v) {
        return v instanceof Value.N ? 1 : dev.flywheel.dynamodb.model.ItemSize.of(v);
    }
}
