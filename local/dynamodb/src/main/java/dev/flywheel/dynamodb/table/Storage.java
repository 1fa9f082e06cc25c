package dev.flywheel.dynamodb.table;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Where the tables live: an ordered store per table, and a catalog of the tables' definitions. Index entries are
 * derived from the items and kept in memory (rebuilt when a durable table is opened).
 */
public interface Storage extends AutoCloseable {
    TableStore open(String name);

    void drop(String name);

    /** Table definitions by table name, as JSON; a durable storage keeps them with the items. */
    Map<String, String> catalog();

    /**
     * Runs one logical write (an item, or all of a transaction's items) so that a crash keeps all of it or none:
     * a durable storage never commits in the middle of one.
     */
    default void atomically(Runnable write) { write.run(); }

    @Override default void close() {}

    /** The default: everything in memory, gone when the engine stops. */
    static Storage inMemory() { return new InMemoryStorage(); }

    /**
     * On disk in one file (H2's MVStore), committed every {@code commitEvery}: a crash loses at most the writes of
     * the last interval, never part of one, and never leaves a store that does not open. {@code Duration.ZERO}:
     * every write is committed to the file before it is acknowledged, so that a killed process loses nothing it
     * acknowledged (the file is synced to the disk every second: a power cut can lose that second).
     */
    static Storage onDisk(Path file, Duration commitEvery) { return new DiskStorage(file, commitEvery); }
}
