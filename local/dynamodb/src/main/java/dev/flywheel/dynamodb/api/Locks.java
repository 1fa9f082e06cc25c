package dev.flywheel.dynamodb.api;

import dev.flywheel.dynamodb.table.KeyTuple;
import dev.flywheel.dynamodb.table.Table;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/** The item locks of a multi-item operation, taken in one global order so that two of them never deadlock. */
final class Locks implements AutoCloseable {
    private record Entry(long order, ReentrantLock lock) {}

    private final List<ReentrantLock> held = new ArrayList<>();

    Locks(List<Table> tables, List<KeyTuple> keys) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) entries.add(new Entry(tables.get(i).lockOrder(keys.get(i)), tables.get(i).lock(keys.get(i))));
        entries.sort(Comparator.comparingLong(Entry::order));
        long previous = -1;
        for (Entry e : entries) {
            if (e.order() == previous) continue;
            previous = e.order();
            e.lock().lock();
            held.add(e.lock());
        }
    }

    @Override
    public void close() {
        for (int i = held.size() - 1; i >= 0; i--) held.get(i).unlock();
    }
}
