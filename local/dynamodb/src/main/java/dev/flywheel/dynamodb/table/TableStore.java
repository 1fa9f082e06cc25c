package dev.flywheel.dynamodb.table;

import dev.flywheel.dynamodb.model.Value;

import java.util.Map;

/**
 * Where a table's items live, ordered by key. The engine serializes writes per item itself (see {@link Table}),
 * so an implementation needs only to be safe for concurrent use. In memory today; the interface is what a
 * durable store (for instance H2's MVStore, whose maps are ordered and concurrent) implements.
 */
public interface TableStore extends AutoCloseable {
    Map<String, Value> get(KeyTuple key);

    void put(KeyTuple key, Map<String, Value> item);

    void remove(KeyTuple key);

    /** Items from {@code from} to {@code to} (both bounds exclusive, either may be null: open), in key order or reversed. */
    Iterable<Map.Entry<KeyTuple, Map<String, Value>>> range(KeyTuple from, KeyTuple to, boolean descending);

    long count();

    @Override default void close() {}
}
