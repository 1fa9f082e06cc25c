package dev.flywheel.dynamodb.api;

import dev.flywheel.dynamodb.model.DynamoException;
import dev.flywheel.dynamodb.table.Storage;
import dev.flywheel.dynamodb.table.Table;
import dev.flywheel.dynamodb.table.TableDefinition;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** The tables of one engine, by name. */
final class Tables {
    private final ConcurrentHashMap<String, Table> tables = new ConcurrentHashMap<>();
    private final Storage storage;

    Tables(Storage storage) { this.storage = storage; }

    Table get(String name) {
        Table table = tables.get(name);
        if (table == null) throw new DynamoException.ResourceNotFound("Requested resource not found");
        return table;
    }

    Table describe(String name) {
        Table table = tables.get(name);
        if (table == null) throw new DynamoException.ResourceNotFound("Requested resource not found: Table: " + name + " not found");
        return table;
    }

    Table create(TableDefinition definition) {
        Table table = new Table(definition, storage);
        if (tables.putIfAbsent(definition.name(), table) != null) {
            throw new DynamoException.ResourceInUse("Table already exists: " + definition.name());
        }
        return table;
    }

    Table delete(String name) {
        Table table = describe(name);
        tables.remove(name, table);
        storage.drop(name);
        return table;
    }

    /** The storage's catalog of table definitions (see {@link TableOperations#restoreAll}). */
    java.util.Map<String, String> catalog() { return storage.catalog(); }

    List<String> names() { return tables.keySet().stream().sorted().toList(); }

    Collection<Table> all() { return tables.values(); }
}
