package dev.flywheel.dynamodb.table;

import dev.flywheel.dynamodb.model.Value;

import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** Concurrent skip lists: ordered, lock-free reads, O(log n) writes. */
final class InMemoryStorage implements Storage {

    @Override
    public TableStore open(String name) { return new SkipListStore(); }

    private final Map<String, String> catalog = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void drop(String name) {}

    @Override
    public Map<String, String> catalog() { return catalog; }

    static final class SkipListStore implements TableStore {
        private final ConcurrentSkipListMap<KeyTuple, Map<String, Value>> items = new ConcurrentSkipListMap<>();

        @Override public Map<String, Value> get(KeyTuple key) { return items.get(key); }
        @Override public void put(KeyTuple key, Map<String, Value> item) { items.put(key, item); }
        @Override public void remove(KeyTuple key) { items.remove(key); }
        @Override public long count() { return items.size(); }

        @Override
        public Iterable<Map.Entry<KeyTuple, Map<String, Value>>> range(KeyTuple from, KeyTuple to, boolean descending) {
            NavigableMap<KeyTuple, Map<String, Value>> view = items;
            if (from != null && to != null) view = items.subMap(from, false, to, false);
            else if (from != null) view = items.tailMap(from, false);
            else if (to != null) view = items.headMap(to, false);
            return (descending ? view.descendingMap() : view).entrySet();
        }
    }
}
