package dev.flywheel.dynamodb.table;

/** Makes the ordered stores of tables and of their indexes. */
public interface Storage {
    TableStore open(String name);

    void drop(String name);

    /** The default: everything in memory, gone when the engine stops. */
    static Storage inMemory() { return new InMemoryStorage(); }
}
