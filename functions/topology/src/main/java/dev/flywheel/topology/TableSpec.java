package dev.flywheel.topology;

import java.util.List;

/**
 * A DynamoDB table, on demand. Keys are strings unless a key's name says otherwise in {@link Key}.
 *
 * @param ttlAttribute epoch-seconds attribute for expiry, or null. Never relied on for correctness:
 *                     AWS deletes expired items within days, the local engine within seconds.
 */
public record TableSpec(String name, String capability, Key partitionKey, Key sortKey, List<Gsi> indexes, String ttlAttribute) {
    public TableSpec {
        indexes = List.copyOf(indexes);
    }

    public record Key(String name, KeyType type) {
        public static Key string(String name) { return new Key(name, KeyType.S); }
        public static Key number(String name) { return new Key(name, KeyType.N); }
    }

    public enum KeyType { S, N }

    /**
     * A global secondary index. What it projects decides what it costs: DynamoDB writes an index entry whenever a
     * write changes a projected attribute, billed on that entry's size. An index that projects {@code ALL} is
     * written, at the whole item's size, on every update of the item; one that projects its keys only is written
     * when an item enters or leaves it, or its keys change, and readers fetch the rest by key.
     */
    public record Gsi(String name, Key partitionKey, Key sortKey, Projection projection) {}

    public enum Projection { KEYS_ONLY, ALL }
}
