package dev.flywheel.dynamodb.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable copies that keep insertion order (answers list attributes in the order they were written). */
final class Maps {
    private Maps() {}

    static <V> Map<String, V> frozen(Map<String, V> values) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
