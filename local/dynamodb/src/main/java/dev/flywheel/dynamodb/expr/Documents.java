package dev.flywheel.dynamodb.expr;

import dev.flywheel.dynamodb.expr.Ast.Path;
import dev.flywheel.dynamodb.model.Value;

import java.util.Map;

/** Reads a document path out of an item. */
public final class Documents {
    private Documents() {}

    /** The value at {@code path}, or null when any step of it is missing or of the wrong type. */
    public static Value get(Map<String, Value> item, Path path) {
        if (item == null) return null;
        Value current = item.get(path.top());
        for (int i = 1; i < path.segments().size() && current != null; i++) {
            Object segment = path.segments().get(i);
            if (segment instanceof Integer index) {
                current = current instanceof Value.L list && index < list.values().size() ? list.values().get(index) : null;
            } else {
                current = current instanceof Value.M map ? map.values().get((String) segment) : null;
            }
        }
        return current;
    }
}
