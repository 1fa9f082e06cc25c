package dev.flywheel.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.dynamodb.model.DynamoException;
import dev.flywheel.dynamodb.table.IndexDefinition;
import dev.flywheel.dynamodb.table.KeySchema;
import dev.flywheel.dynamodb.table.Table;
import dev.flywheel.dynamodb.table.TableDefinition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** CreateTable, DescribeTable, ListTables, DeleteTable, UpdateTimeToLive, DescribeTimeToLive. */
final class TableOperations {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");
    private static final Set<String> KEY_TYPES = Set.of("S", "N", "B");

    private final Tables tables;

    TableOperations(Tables tables) { this.tables = tables; }

    JsonNode create(Request request) {
        TableDefinition definition = define(request, Instant.now());
        Table table = tables.create(definition);
        save(table, request.node());
        ObjectNode out = JSON.objectNode();
        out.set("TableDescription", description(table, "ACTIVE"));
        return out;
    }

    /** Opens the tables a durable storage's catalog holds, with their items, indexes and TTL settings. */
    void restoreAll() {
        for (String entry : List.copyOf(tables.catalog().values())) {
            try {
                JsonNode saved = new com.fasterxml.jackson.databind.ObjectMapper().readTree(entry);
                Table table = tables.create(define(new Request(saved.get("create")), Instant.ofEpochMilli(saved.path("created").asLong())));
                if (saved.hasNonNull("ttl")) table.ttlAttribute(saved.get("ttl").asText());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("the storage's catalog has an unreadable table definition: " + entry, e);
            }
        }
    }

    /** Keeps a table's definition (its CreateTable request, creation time and TTL attribute) in the storage's catalog. */
    private void save(Table table, JsonNode createRequest) {
        ObjectNode entry = JSON.objectNode();
        entry.set("create", createRequest);
        entry.put("created", table.definition().created().toEpochMilli());
        if (table.ttlAttribute() != null) entry.put("ttl", table.ttlAttribute());
        table.atomically(() -> tables.catalog().put(table.name(), entry.toString()));
    }

    private TableDefinition define(Request request, Instant created) {
        String name = tableName(request);
        if (request.has("LocalSecondaryIndexes")) {
            throw new DynamoException.Validation("LocalSecondaryIndexes are not supported by this engine; use GlobalSecondaryIndexes");
        }
        Map<String, String> types = new LinkedHashMap<>();
        for (JsonNode def : request.array("AttributeDefinitions")) {
            String type = def.path("AttributeType").asText();
            if (!KEY_TYPES.contains(type)) {
                throw new DynamoException.Validation("1 validation error detected: Value '" + type
                        + "' at 'attributeDefinitions.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]");
            }
            types.put(def.path("AttributeName").asText(), type);
        }
        Set<String> used = new LinkedHashSet<>();
        KeySchema key = keySchema(request.node().get("KeySchema"), types, used, "Invalid KeySchema");
        List<IndexDefinition> indexes = new ArrayList<>();
        for (JsonNode gsi : request.array("GlobalSecondaryIndexes")) {
            String indexName = gsi.path("IndexName").asText();
            if (!NAME.matcher(indexName).matches()) throw new DynamoException.Validation("Invalid index name: " + indexName);
            if (indexes.stream().anyMatch(i -> i.name().equals(indexName))) {
                throw new DynamoException.Validation("One or more parameter values were invalid: Duplicate index name: " + indexName);
            }
            KeySchema indexKey = keySchema(gsi.get("KeySchema"), types, used, "Invalid KeySchema of index " + indexName);
            JsonNode projection = gsi.path("Projection");
            String projectionType = projection.path("ProjectionType").asText("ALL");
            if (!Set.of("ALL", "KEYS_ONLY", "INCLUDE").contains(projectionType)) {
                throw new DynamoException.Validation("One or more parameter values were invalid: Unknown ProjectionType: " + projectionType);
            }
            List<String> nonKey = new ArrayList<>();
            projection.path("NonKeyAttributes").forEach(n -> nonKey.add(n.asText()));
            if (projectionType.equals("INCLUDE") == nonKey.isEmpty()) {
                throw new DynamoException.Validation("One or more parameter values were invalid: NonKeyAttributes must be given with, and only with, ProjectionType INCLUDE");
            }
            indexes.add(new IndexDefinition(indexName, indexKey, projectionType, nonKey));
        }
        if (!used.equals(types.keySet())) {
            throw new DynamoException.Validation("One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
        }
        String billing = request.choice("BillingMode", "PROVISIONED", Set.of("PROVISIONED", "PAY_PER_REQUEST"));
        JsonNode throughput = request.node().path("ProvisionedThroughput");
        if (billing.equals("PROVISIONED") && throughput.isMissingNode()) {
            throw new DynamoException.Validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        }
        if (billing.equals("PAY_PER_REQUEST") && !throughput.isMissingNode()) {
            throw new DynamoException.Validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        }
        return new TableDefinition(name, key, types, indexes, billing,
                throughput.path("ReadCapacityUnits").asLong(0), throughput.path("WriteCapacityUnits").asLong(0), created);
    }

    private static KeySchema keySchema(JsonNode schema, Map<String, String> types, Set<String> used, String what) {
        String hash = null;
        String range = null;
        if (schema == null || !schema.isArray() || schema.isEmpty() || schema.size() > 2) {
            throw new DynamoException.Validation(what + ": a KeySchema has one HASH element and at most one RANGE element");
        }
        for (JsonNode element : schema) {
            String attribute = element.path("AttributeName").asText();
            String keyType = element.path("KeyType").asText();
            if (keyType.equals("HASH") && hash == null) hash = attribute;
            else if (keyType.equals("RANGE") && range == null) range = attribute;
            else throw new DynamoException.Validation(what + ": Too many " + keyType + " keys, or an unknown KeyType");
        }
        if (hash == null) throw new DynamoException.Validation(what + ": Missing the HASH key");
        for (String attribute : range == null ? List.of(hash) : List.of(hash, range)) {
            if (!types.containsKey(attribute)) throw new DynamoException
                    .Validation("One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [" + attribute
                            + "], AttributeDefinitions: " + types.keySet());
            used.add(attribute);
        }
        return new KeySchema(hash, types.get(hash), range, range == null ? null : types.get(range));
    }

    JsonNode describe(Request request) {
        ObjectNode out = JSON.objectNode();
        out.set("Table", description(tables.describe(tableName(request)), "ACTIVE"));
        return out;
    }

    JsonNode delete(Request request) {
        Table table = tables.delete(tableName(request));
        table.atomically(() -> tables.catalog().remove(table.name()));
        ObjectNode out = JSON.objectNode();
        out.set("TableDescription", description(table, "DELETING"));
        return out;
    }

    JsonNode list(Request request) {
        Integer limit = request.integer("Limit");
        if (limit != null && (limit < 1 || limit > 100)) {
            throw new DynamoException.Validation("1 validation error detected: Value '" + limit
                    + "' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100");
        }
        int max = limit == null ? 100 : limit;
        String after = request.string("ExclusiveStartTableName");
        TreeSet<String> names = new TreeSet<>(tables.names());
        List<String> page = new ArrayList<>();
        for (String name : after == null ? names : names.tailSet(after, false)) {
            if (page.size() == max) break;
            page.add(name);
        }
        ObjectNode out = JSON.objectNode();
        ArrayNode array = out.putArray("TableNames");
        page.forEach(array::add);
        if (page.size() == max && !names.tailSet(page.get(max - 1), false).isEmpty()) out.put("LastEvaluatedTableName", page.get(max - 1));
        return out;
    }

    JsonNode updateTimeToLive(Request request) {
        Table table = tables.describe(tableName(request));
        Request spec = request.child("TimeToLiveSpecification");
        String attribute = spec.required("AttributeName");
        boolean enable = spec.bool("Enabled", false);
        synchronized (table) {
            String current = table.ttlAttribute();
            if (enable && current != null) throw new DynamoException.Validation("TimeToLive is already enabled");
            if (!enable && current == null) throw new DynamoException.Validation("TimeToLive is already disabled");
            if (!enable && !current.equals(attribute)) throw new DynamoException.Validation("The TimeToLive attribute name does not match the enabled one: " + current);
            table.ttlAttribute(enable ? attribute : null);
            String saved = tables.catalog().get(table.name());
            if (saved != null) {
                try {
                    ObjectNode entry = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(saved);
                    if (enable) entry.put("ttl", attribute);
                    else entry.remove("ttl");
                    table.atomically(() -> tables.catalog().put(table.name(), entry.toString()));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        ObjectNode out = JSON.objectNode();
        out.putObject("TimeToLiveSpecification").put("AttributeName", attribute).put("Enabled", enable);
        return out;
    }

    JsonNode describeTimeToLive(Request request) {
        Table table = tables.describe(tableName(request));
        ObjectNode out = JSON.objectNode();
        ObjectNode description = out.putObject("TimeToLiveDescription");
        String attribute = table.ttlAttribute();
        description.put("TimeToLiveStatus", attribute == null ? "DISABLED" : "ENABLED");
        if (attribute != null) description.put("AttributeName", attribute);
        return out;
    }

    static String tableName(Request request) {
        String name = request.required("TableName");
        if (name.length() < 3 || name.length() > 255) {
            throw new DynamoException.Validation("1 validation error detected: Value '" + name + "' at 'tableName' failed to satisfy constraint: Member must have length "
                    + (name.length() < 3 ? "greater than or equal to 3" : "less than or equal to 255"));
        }
        if (!NAME.matcher(name).matches()) {
            throw new DynamoException.Validation("1 validation error detected: Value '" + name
                    + "' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
        return name;
    }

    private static ObjectNode description(Table table, String status) {
        TableDefinition d = table.definition();
        ObjectNode out = JSON.objectNode();
        out.put("TableName", d.name());
        out.put("TableStatus", status);
        out.put("TableArn", d.arn());
        out.put("TableId", Integer.toHexString(d.arn().hashCode()));
        out.put("CreationDateTime", d.created().toEpochMilli() / 1000.0);
        ArrayNode definitions = out.putArray("AttributeDefinitions");
        d.attributeTypes().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> definitions.addObject().put("AttributeName", e.getKey()).put("AttributeType", e.getValue()));
        out.set("KeySchema", keySchemaJson(d.key()));
        out.put("ItemCount", table.count());
        out.put("TableSizeBytes", table.sizeBytes());
        throughput(out, d);
        if (d.billingMode().equals("PAY_PER_REQUEST")) out.putObject("BillingModeSummary").put("BillingMode", "PAY_PER_REQUEST");
        if (!d.indexes().isEmpty()) {
            ArrayNode indexes = out.putArray("GlobalSecondaryIndexes");
            for (IndexDefinition index : d.indexes()) {
                ObjectNode i = indexes.addObject();
                i.put("IndexName", index.name());
                i.set("KeySchema", keySchemaJson(index.key()));
                ObjectNode projection = i.putObject("Projection").put("ProjectionType", index.projectionType());
                if (!index.nonKeyAttributes().isEmpty()) index.nonKeyAttributes().forEach(projection.putArray("NonKeyAttributes")::add);
                i.put("IndexStatus", "ACTIVE");
                i.put("IndexArn", d.arn() + "/index/" + index.name());
                i.put("ItemCount", table.index(index.name()).count());
                i.put("IndexSizeBytes", 0);
                throughput(i, d);
            }
        }
        return out;
    }

    private static void throughput(ObjectNode out, TableDefinition d) {
        out.putObject("ProvisionedThroughput").put("NumberOfDecreasesToday", 0)
                .put("ReadCapacityUnits", d.readCapacity()).put("WriteCapacityUnits", d.writeCapacity());
    }

    private static ArrayNode keySchemaJson(KeySchema key) {
        ArrayNode schema = JSON.arrayNode();
        schema.addObject().put("AttributeName", key.hashName()).put("KeyType", "HASH");
        key.range().ifPresent(r -> schema.addObject().put("AttributeName", r).put("KeyType", "RANGE"));
        return schema;
    }
}
