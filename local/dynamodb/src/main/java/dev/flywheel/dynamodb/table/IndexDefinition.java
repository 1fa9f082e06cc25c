package dev.flywheel.dynamodb.table;

import dev.flywheel.dynamodb.model.Value;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A global secondary index: its key, and which attributes it projects (ALL, KEYS_ONLY or INCLUDE). */
public record IndexDefinition(String name, KeySchema key, String projectionType, List<String> nonKeyAttributes) {
    public IndexDefinition { nonKeyAttributes = nonKeyAttributes == null ? List.of() : List.copyOf(nonKeyAttributes); }

    /** What the index stores of an item: its own key, the table's key, and the projected attributes. */
    public Map<String, Value> project(Map<String, Value> item, KeySchema tableKey) {
        if (projectionType.equals("ALL")) return item;
        Map<String, Value> out = new LinkedHashMap<>(tableKey.keyOf(item));
        out.putAll(key.keyOf(item));
        if (projectionType.equals("INCLUDE")) {
            for (String name : nonKeyAttributes) {
                Value v = item.get(name);
                if (v != null) out.put(name, v);
            }
        }
        return out;
    }
}
