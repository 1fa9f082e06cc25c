package dev.flywheel.dynamodb.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.flywheel.dynamodb.model.Value;
import dev.flywheel.dynamodb.model.Wire;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Tables in one MVStore file. Writes go to the store's maps at once; a background thread commits every interval
 * while no logical write is half done (writers share a read lock, the commit takes the write lock for the moment
 * it needs), so that after a crash the file holds the state at the last commit: whole items, whole transactions.
 * MVStore appends chunks and finds the last complete one on open, so a crash mid-commit leaves the previous one.
 */
final class DiskStorage implements Storage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MVStore store;
    private final MVMap<String, String> catalog;
    private final ReentrantReadWriteLock barrier = new ReentrantReadWriteLock();
    private final ScheduledExecutorService committer;

    /** Zero commit interval: every logical write is committed before it is acknowledged. */
    private final boolean commitEachWrite;
    /** Committed, not yet forced to the disk (only the committer thread commits). */
    private boolean unsynced;

    DiskStorage(Path file, Duration commitEvery) {
        commitEachWrite = commitEvery.isZero();
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file.getParent(), e);
        }
        store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        catalog = store.openMap("catalog");
        committer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dynamodb-commit");
            t.setDaemon(true);
            return t;
        });
        long every = commitEachWrite ? 1000 : Math.max(1, commitEvery.toMillis());
        // MVStore keeps a chunk it no longer needs for 45 s by default, for file systems that hold writes back that
        // long; every commit rewrites the store's chunk list, so with a commit per write that made each commit write
        // tens of kilobytes in a spike. Here the timed tick forces every commit to the disk, so five ticks (at least
        // five seconds) are enough for a retired chunk's space to be written again safely.
        store.setRetentionTime((int) Math.max(5_000, 5 * every));
        committer.scheduleWithFixedDelay(this::commit, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public TableStore open(String name) {
        MVMap<KeyTuple, Map<String, Value>> map = store.openMap("table/" + name,
                new MVMap.Builder<KeyTuple, Map<String, Value>>().keyType(new KeyType()).valueType(new ItemType()));
        return new MapStore(map);
    }

    @Override
    public void drop(String name) {
        atomically(() -> {
            if (store.hasMap("table/" + name)) store.removeMap("table/" + name);
        });
    }

    @Override
    public Map<String, String> catalog() { return catalog; }

    @Override
    public void atomically(Runnable write) {
        barrier.readLock().lock();
        try {
            write.run();
        } finally {
            barrier.readLock().unlock();
        }
        // committed before the caller answers: concurrent writers share one commit (group commit), and what a
        // killed process loses is nothing it acknowledged
        if (commitEachWrite) commitFromWriter();
    }

    /**
     * A writer waits for a commit made on the committer thread, never its own: an interrupted thread (a server
     * stopping its workers) would close MVStore's file channel mid-write, and MVStore cannot recover from that.
     */
    private void commitFromWriter() {
        try {
            committer.submit(() -> commit(false)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the commit itself goes on in its thread
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the table store could not commit", e.getCause());
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the storage is closing: close() commits what is left
        }
    }

    private void commit() {
        commit(true);
    }

    /**
     * Commits what was written; {@code sync}: also forces everything committed since the last sync to the disk, not
     * only the operating system, including the writers' own commits (the timed tick does it, so a power cut loses at
     * most one interval).
     */
    private void commit(boolean sync) {
        if (store.hasUnsavedChanges()) {
            barrier.writeLock().lock();
            try {
                store.commit();
            } finally {
                barrier.writeLock().unlock();
            }
            unsynced = true;
        }
        if (sync && unsynced) {
            store.sync();
            unsynced = false;
        }
    }

    @Override
    public void close() {
        // never interrupt a commit: an interrupted FileChannel closes, and MVStore then cannot close at all
        committer.shutdown();
        try {
            committer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        commit();
        store.close();
    }

    /** A table's items in an MVMap (ordered by DynamoDB's key order, concurrent). */
    private record MapStore(MVMap<KeyTuple, Map<String, Value>> map) implements TableStore {
        @Override public Map<String, Value> get(KeyTuple key) { return map.get(key); }
        @Override public void put(KeyTuple key, Map<String, Value> item) { map.put(key, item); }
        @Override public void remove(KeyTuple key) { map.remove(key); }
        @Override public long count() { return map.sizeAsLong(); }

        @Override
        public Iterable<Map.Entry<KeyTuple, Map<String, Value>>> range(KeyTuple from, KeyTuple to, boolean descending) {
            return () -> new java.util.Iterator<>() {
                // MVMap's cursor is inclusive of its start; the bounds here are exclusive
                private final java.util.Iterator<KeyTuple> keys = descending
                        ? map.keyIteratorReverse(to == null ? map.lastKey() : to) : map.keyIterator(from == null ? map.firstKey() : from);
                private Map.Entry<KeyTuple, Map<String, Value>> next = advance();

                private Map.Entry<KeyTuple, Map<String, Value>> advance() {
                    while (keys.hasNext()) {
                        KeyTuple k = keys.next();
                        if (k == null) return null;
                        if (descending ? (to != null && k.compareTo(to) >= 0) : (from != null && k.compareTo(from) <= 0)) continue;
                        if (descending ? (from != null && k.compareTo(from) <= 0) : (to != null && k.compareTo(to) >= 0)) return null;
                        Map<String, Value> item = map.get(k);
                        if (item != null) return Map.entry(k, item);
                    }
                    return null;
                }

                @Override public boolean hasNext() { return next != null; }

                @Override
                public Map.Entry<KeyTuple, Map<String, Value>> next() {
                    Map.Entry<KeyTuple, Map<String, Value>> current = next;
                    if (current == null) throw new java.util.NoSuchElementException();
                    next = advance();
                    return current;
                }
            };
        }
    }

    /** Keys on disk: their parts as wire JSON, then the bound; compared in DynamoDB's order. */
    static final class KeyType extends BasicDataType<KeyTuple> {
        @Override public int getMemory(KeyTuple key) { return 64 * key.parts().length; }

        @Override
        public void write(WriteBuffer buffer, KeyTuple key) {
            ArrayNode parts = JSON.createArrayNode();
            for (Value v : key.parts()) parts.add(v == null ? JSON.nullNode() : Wire.json(v));
            bytes(buffer, parts);
            buffer.putInt(key.bound());
        }

        @Override
        public KeyTuple read(ByteBuffer buffer) {
            JsonNode parts = node(buffer);
            Value[] values = new Value[parts.size()];
            for (int i = 0; i < values.length; i++) values[i] = parts.get(i).isNull() ? null : Wire.value(parts.get(i));
            return new KeyTuple(values, buffer.getInt());
        }

        @Override public int compare(KeyTuple a, KeyTuple b) { return a.compareTo(b); }
        @Override public KeyTuple[] createStorage(int size) { return new KeyTuple[size]; }
    }

    /** Items on disk: their wire JSON. */
    static final class ItemType extends BasicDataType<Map<String, Value>> {
        @Override public int getMemory(Map<String, Value> item) { return 256 + 32 * item.size(); }
        @Override public void write(WriteBuffer buffer, Map<String, Value> item) { bytes(buffer, Wire.json(item)); }
        @Override public Map<String, Value> read(ByteBuffer buffer) { return java.util.Collections.unmodifiableMap(Wire.item(node(buffer))); }

        @SuppressWarnings("unchecked")
        @Override public Map<String, Value>[] createStorage(int size) { return new Map[size]; }
    }

    private static void bytes(WriteBuffer buffer, JsonNode node) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(node);
            buffer.putInt(bytes.length).put(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode node(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.getInt()];
        buffer.get(bytes);
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
