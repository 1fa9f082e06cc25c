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

    /** A table of {@code capability} keyed by {@code partitionKey} alone, with no index and no expiry; the withers add them. */
    public static TableSpec of(String name, String capability, Key partitionKey) {
        return new TableSpec(name, capability, partitionKey, null, List.of(), null);
    }

    public TableSpec withSortKey(Key key) {
        return new TableSpec(name, capability, partitionKey, key, indexes, ttlAttribute);
    }

    public TableSpec withIndex(Gsi index) {
        List<Gsi> more = new java.util.ArrayList<>(indexes);
        more.add(index);
        return new TableSpec(name, capability, partitionKey, sortKey, more, ttlAttribute);
    }

    /** Items expire at the epoch seconds in this attribute (see the note on expiry above). */
    public TableSpec withTtl(String attribute) {
        return new TableSpec(name, capability, partitionKey, sortKey, indexes, attribute);
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
