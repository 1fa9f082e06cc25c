package dev.flywheel.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.dynamodb.model.DynamoException;
import dev.flywheel.dynamodb.table.Storage;
import dev.flywheel.dynamodb.table.Table;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

/** The operations of the DynamoDB API this engine serves, by the name that follows {@code DynamoDB_20120810.}. */
public final class Operations {
    private final Tables tables;
    private final Map<String, Function<Request, JsonNode>> operations;

    public Operations(Storage storage) {
        this.tables = new Tables(storage);
        TableOperations tableOps = new TableOperations(tables);
        ItemOperations items = new ItemOperations(tables);
        ReadOperations reads = new ReadOperations(tables);
        BatchOperations batches = new BatchOperations(tables);
        TransactionOperations transactions = new TransactionOperations(tables);
        tableOps.restoreAll(); // a durable storage's tables, as they were
        operations = Map.ofEntries(
                Map.entry("CreateTable", tableOps::create),
                Map.entry("DescribeTable", tableOps::describe),
                Map.entry("ListTables", tableOps::list),
                Map.entry("DeleteTable", tableOps::delete),
                Map.entry("UpdateTimeToLive", tableOps::updateTimeToLive),
                Map.entry("DescribeTimeToLive", tableOps::describeTimeToLive),
                Map.entry("PutItem", items::put),
                Map.entry("GetItem", items::get),
                Map.entry("UpdateItem", items::update),
                Map.entry("DeleteItem", items::delete),
                Map.entry("Query", reads::query),
                Map.entry("Scan", reads::scan),
                Map.entry("BatchGetItem", batches::get),
                Map.entry("BatchWriteItem", batches::write),
                Map.entry("TransactWriteItems", transactions::write),
                Map.entry("TransactGetItems", transactions::get));
    }

    /** Runs one operation; errors are thrown as {@link DynamoException}s shaped for the wire. */
    public JsonNode handle(String operation, JsonNode request) {
        Function<Request, JsonNode> handler = operations.get(operation);
        if (handler == null) throw DynamoException.unknownOperation(operation);
        if (request == null || !request.isObject()) throw DynamoException.serialization("The request body must be a JSON object");
        return handler.apply(new Request(request));
    }

    public Collection<Table> tables() { return tables.all(); }
}
