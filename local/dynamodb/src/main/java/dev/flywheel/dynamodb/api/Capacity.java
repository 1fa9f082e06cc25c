package dev.flywheel.dynamodb.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Consumed capacity by DynamoDB's rules (developer guide, "Capacity unit consumption"): a write unit per 1 KB of
 * the larger of the item before and after, a read unit per 4 KB (half for eventually consistent reads, summed
 * over all items a Query or Scan reads before filtering), both doubled in transactions; index writes counted
 * per index.
 */
final class Capacity {
    enum Mode { NONE, TOTAL, INDEXES }

    private final String table;
    private double tableUnits;
    private final Map<String, Double> indexUnits = new LinkedHashMap<>();
    private boolean reads;

    Capacity(String table) { this.table = table; }

    static Mode mode(Request request) {
        return Mode.valueOf(request.choice("ReturnConsumedCapacity", "NONE", java.util.Set.of("NONE", "TOTAL", "INDEXES")));
    }

    static double writeUnits(long bytes) { return Math.max(1, (long) Math.ceil(bytes / 1024.0)); }

    static double readUnits(long bytes, boolean consistent) {
        double units = Math.max(1, (long) Math.ceil(bytes / 4096.0));
        return consistent ? units : units / 2;
    }

    Capacity read(double units) { reads = true; tableUnits += units; return this; }
    Capacity write(double units) { tableUnits += units; return this; }
    Capacity index(String name, double units, boolean read) {
        if (units == 0) return this;
        reads |= read;
        indexUnits.merge(name, units, Double::sum);
        return this;
    }

    double total() { return tableUnits + indexUnits.values().stream().mapToDouble(Double::doubleValue).sum(); }

    ObjectNode json(Mode mode) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("TableName", table);
        node.put("CapacityUnits", total());
        node.put(reads ? "ReadCapacityUnits" : "WriteCapacityUnits", total());
        if (mode == Mode.INDEXES) {
            node.putObject("Table").put("CapacityUnits", tableUnits).put(reads ? "ReadCapacityUnits" : "WriteCapacityUnits", tableUnits);
            if (!indexUnits.isEmpty()) {
                ObjectNode indexes = node.putObject("GlobalSecondaryIndexes");
                indexUnits.forEach((name, units) -> indexes.putObject(name).put("CapacityUnits", units).put(reads ? "ReadCapacityUnits" : "WriteCapacityUnits", units));
            }
        }
        return node;
    }
}
