package dev.flywheel.dynamodb.table;

import dev.flywheel.dynamodb.model.DynamoException;
import dev.flywheel.dynamodb.model.ItemSize;
import dev.flywheel.dynamodb.model.Value;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One table: its items, its index stores, and the striped locks that make each item's read-check-write atomic.
 * Writers to different items rarely share a stripe, so conditional writes and transactions run in parallel;
 * readers take no lock (items are immutable maps, replaced whole).
 */
public final class Table {
    private static final int STRIPES = 1024;
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final TableDefinition definition;
    private final TableStore items;
    private final Map<String, TableStore> indexes = new LinkedHashMap<>();
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private volatile String ttlAttribute;

    private final Storage storage;

    public Table(TableDefinition definition, Storage storage) {
        this.definition = definition;
        this.storage = storage;
        this.items = storage.open(definition.name());
        // index entries are derived from the items: in memory, rebuilt from a durable table's items when it opens
        for (IndexDefinition index : definition.indexes()) indexes.put(index.name(), new InMemoryStorage.SkipListStore());
        for (int i = 0; i < STRIPES; i++) stripes[i] = new ReentrantLock();
        if (!definition.indexes().isEmpty()) {
            for (Map.Entry<KeyTuple, Map<String, Value>> e : items.range(null, null, false)) writeIndexes(e.getKey(), null, e.getValue());
        }
    }

    /** Runs a logical write so that a crash keeps all of it or none (see {@link Storage#atomically}). */
    public void atomically(Runnable write) { storage.atomically(write); }

    public TableDefinition definition() { return definition; }
    public String name() { return definition.name(); }
    public KeySchema key() { return definition.key(); }
    public TableStore items() { return items; }
    public TableStore index(String name) { return indexes.get(name); }
    public long count() { return items.count(); }

    public String ttlAttribute() { return ttlAttribute; }
    public void ttlAttribute(String attribute) { this.ttlAttribute = attribute; }

    public Map<String, Value> get(KeyTuple key) { return items.get(key); }

    /** A global lock order (table, then stripe) so that transactions over many items never deadlock. */
    public long lockOrder(KeyTuple key) { return id * STRIPES + stripe(key); }

    public ReentrantLock lock(KeyTuple key) { return stripes[stripe(key)]; }

    private static int stripe(KeyTuple key) { return Math.floorMod(key.hashCode() * 0x9E3779B9, STRIPES); }

    /** Checks an item about to be written: its size, and the types of any index key attributes it carries. */
    public void check(Map<String, Value> item) {
        if (ItemSize.of(item) > ItemSize.MAX_ITEM_BYTES) throw new DynamoException.Validation("Item size has exceeded the maximum allowed size");
        for (IndexDefinition index : definition.indexes()) {
            checkIndexKey(item, index, index.key().hashName(), index.key().hashType());
            if (index.key().rangeName() != null) checkIndexKey(item, index, index.key().rangeName(), index.key().rangeType());
        }
    }

    private static void checkIndexKey(Map<String, Value> item, IndexDefinition index, String name, String type) {
        Value v = item.get(name);
        if (v != null && !v.type().equals(type)) {
            throw new DynamoException.Validation("One or more parameter values were invalid: Type mismatch for Index Key " + name
                    + " Expected: " + type + " Actual: " + v.type() + " IndexName: " + index.name());
        }
        if (v instanceof Value.S s && s.value().isEmpty() || v instanceof Value.B b && b.value().length == 0) {
            throw new DynamoException.Validation("One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: "
                    + index.name() + ", IndexKey: " + name);
        }
    }

    /** Replaces (or with {@code after} null, deletes) an item and its index entries. The caller holds the item's lock. */
    public void write(KeyTuple key, Map<String, Value> before, Map<String, Value> after) {
        if (after == null) items.remove(key);
        else items.put(key, after);
        writeIndexes(key, before, after);
    }

    private void writeIndexes(KeyTuple key, Map<String, Value> before, Map<String, Value> after) {
        for (IndexDefinition index : definition.indexes()) {
            TableStore store = indexes.get(index.name());
            KeyTuple old = before == null ? null : indexKey(index, before, key);
            KeyTuple now = after == null ? null : indexKey(index, after, key);
            if (old != null && !old.equals(now)) store.remove(old);
            if (now != null) store.put(now, index.project(after, definition.key()));
        }
    }

    /** An index entry's position: the index key, then the table key (index keys need not be unique). */
    public KeyTuple indexKey(IndexDefinition index, Map<String, Value> item, KeyTuple tableKey) {
        KeyTuple own = index.key().tupleOrNull(item);
        if (own == null) return null; // sparse: items without the index key are not in the index
        Value[] parts = new Value[4];
        parts[0] = own.parts()[0];
        parts[1] = own.parts().length > 1 ? own.parts()[1] : null;
        parts[2] = tableKey.parts()[0];
        parts[3] = tableKey.parts().length > 1 ? tableKey.parts()[1] : null;
        return KeyTuple.of(parts);
    }

    /** The approximate size DescribeTable reports. */
    public long sizeBytes() {
        long size = 0;
        for (Map.Entry<KeyTuple, Map<String, Value>> e : items.range(null, null, false)) size += ItemSize.of(e.getValue());
        return size;
    }
}
