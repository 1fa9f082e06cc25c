package dev.flywheel.dynamodb;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Randomized sequences of operations (seeded: a failure names its seed and step) replayed against this engine
 * and against moto_server, an independent implementation, comparing normalized answers step by step. The known
 * differences are listed in local/dynamodb/README.md; the generator stays off them. Runs where moto_server is on
 * the PATH (it is on this project's machines and CI), skipped elsewhere.
 */
class DifferentialIT {
    private static final int STEPS = 400;
    private static MotoServer moto;
    private static DynamoDbEngine engine;
    private static DynamoDbClient ours;
    private static DynamoDbClient theirs;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(MotoServer.available(), "moto_server is not on the PATH: the differential test needs an independent implementation to compare with");
        moto = MotoServer.start();
        engine = DynamoDbEngine.builder().start();
        ours = EngineTest.client(engine);
        theirs = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder().endpointOverride(moto.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("any", "any")))
                .httpClient(software.amazon.awssdk.http.apache.ApacheHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        if (ours != null) ours.close();
        if (theirs != null) theirs.close();
        if (engine != null) engine.close();
        if (moto != null) moto.close();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 20261129})
    void sameAnswersAsAnIndependentImplementation(long seed) {
        String table = "diff_" + seed;
        for (DynamoDbClient client : List.of(ours, theirs)) {
            client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S), a -> a.attributeName("sk").attributeType(ScalarAttributeType.N),
                            a -> a.attributeName("g").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byG")
                            .keySchema(k -> k.attributeName("g").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.ALL)).build()));
        }
        Random random = new Random(seed);
        for (int step = 0; step < STEPS; step++) {
            Operation op = operation(random, table);
            String expected = run(op.call(), theirs);
            String actual = run(op.call(), ours);
            assertEquals(expected, actual, "seed " + seed + ", step " + step + ": " + op.description() + "\n(expected: moto_server; actual: this engine)");
        }
        assertEquals(run(c -> scanAll(c, table), theirs), run(c -> scanAll(c, table), ours), "seed " + seed + ": final contents");
    }

    private record Operation(String description, Function<DynamoDbClient, String> call) {}

    private static String run(Function<DynamoDbClient, String> call, DynamoDbClient client) {
        try {
            return call.apply(client);
        } catch (TransactionCanceledException e) {
            return "TransactionCanceled" + e.cancellationReasons().stream().map(CancellationReason::code).toList();
        } catch (DynamoDbException e) {
            return "error " + e.awsErrorDetails().errorCode();
        }
    }

    // ---- the generator

    private static Operation operation(Random r, String table) {
        int kind = r.nextInt(100);
        Map<String, AttributeValue> key = key(r);
        if (kind < 22) {
            Map<String, AttributeValue> item = new HashMap<>(key);
            item.putAll(attributes(r));
            String condition = pick(r, null, "attribute_not_exists(pk)", "v < :x");
            Map<String, AttributeValue> values = condition != null && condition.contains(":x") ? Map.of(":x", n(r.nextInt(10))) : null;
            ReturnValue returns = pick(r, ReturnValue.NONE, ReturnValue.ALL_OLD);
            return new Operation("PutItem " + item + " if " + condition + " " + values, c -> attrs(c.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression(condition).expressionAttributeValues(values).returnValues(returns)).attributes()));
        }
        if (kind < 44) {
            String[] updates = {"SET v = if_not_exists(v, :zero) + :d", "SET w = :w REMOVE g", "ADD tags :t", "DELETE tags :t", "SET g = :g, v = :d",
                    "SET lst = list_append(if_not_exists(lst, :empty), :one)", "REMOVE lst[0], w"};
            String update = updates[r.nextInt(updates.length)];
            String condition = pick(r, null, null, "attribute_exists(pk)", "v >= :x", "w IN (:a, :b)", "NOT contains(tags, :a) OR size(tags) > :x", "w <> :a",
                    "attribute_type(v, :n)");
            Map<String, AttributeValue> values = new HashMap<>();
            String text = update + " " + condition;
            if (text.contains(":zero")) values.put(":zero", n(0));
            if (text.contains(":d")) values.put(":d", n(r.nextInt(7) - 3));
            if (text.contains(":w")) values.put(":w", s(pick(r, "a", "b", "c")));
            if (text.contains(":t")) values.put(":t", AttributeValue.fromSs(subset(r)));
            if (text.contains(":g")) values.put(":g", s(pick(r, "g0", "g1")));
            if (text.contains(":empty")) values.put(":empty", AttributeValue.fromL(List.of()));
            if (text.contains(":one")) values.put(":one", AttributeValue.fromL(List.of(n(r.nextInt(3)))));
            if (text.contains(":x")) values.put(":x", n(r.nextInt(10)));
            if (text.contains(":a")) values.put(":a", s(pick(r, "a", "x")));
            if (text.contains(":b")) values.put(":b", s("b"));
            if (text.contains(":n")) values.put(":n", s("N"));
            ReturnValue returns = pick(r, ReturnValue.NONE, ReturnValue.ALL_OLD, ReturnValue.ALL_NEW, ReturnValue.UPDATED_NEW, ReturnValue.UPDATED_OLD);
            Map<String, AttributeValue> v = values.isEmpty() ? null : values;
            boolean onlyUpdated = returns == ReturnValue.UPDATED_NEW || returns == ReturnValue.UPDATED_OLD;
            return new Operation("UpdateItem " + key + " " + update + " if " + condition + " " + values + " returning " + returns, c -> {
                Map<String, AttributeValue> attributes = c.updateItem(b -> b.tableName(table)
                        .key(key).updateExpression(update).conditionExpression(condition).expressionAttributeValues(v).returnValues(returns)).attributes();
                // known differences (README): for UPDATED_OLD and UPDATED_NEW moto adds the key of an item the update created
                // and leaves out attributes set to the value they had; the API reference answers "only the updated attributes"
                // (those the expression names), which is what the engine does and what its conformance test checks
                return onlyUpdated ? "answered" : attrs(attributes);
            });
        }
        if (kind < 52) {
            boolean conditional = r.nextBoolean();
            Map<String, AttributeValue> values = conditional ? Map.of(":x", n(r.nextInt(10))) : null;
            return new Operation("DeleteItem " + key + (conditional ? " if v = " + values : ""), c -> attrs(c.deleteItem(b -> b.tableName(table).key(key)
                    .conditionExpression(conditional ? "v = :x" : null).expressionAttributeValues(values).returnValues(ReturnValue.ALL_OLD)).attributes()));
        }
        if (kind < 62) {
            String projection = pick(r, null, "v, w", "tags, lst[0]");
            return new Operation("GetItem " + key + " projecting " + projection, c -> {
                var response = c.getItem(b -> b.tableName(table).key(key).projectionExpression(projection).consistentRead(true));
                return response.hasItem() ? canon(response.item()) : "no item";
            });
        }
        if (kind < 74) {
            String sortCondition = pick(r, "", " AND sk > :s", " AND sk BETWEEN :s AND :u", " AND sk <= :s");
            String filter = pick(r, null, "v > :x", "attribute_exists(tags)");
            boolean forward = r.nextBoolean();
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":p", key.get("pk"));
            int lower = r.nextInt(4);
            if (sortCondition.contains(":s")) values.put(":s", n(lower));
            if (sortCondition.contains(":u")) values.put(":u", n(lower + r.nextInt(3)));
            if (filter != null && filter.contains(":x")) values.put(":x", n(r.nextInt(10)));
            String keyCondition = "pk = :p" + sortCondition;
            Integer limit = pick(r, null, 1, 2, 3);
            return new Operation("Query " + keyCondition + " filter " + filter + " " + values + " forward " + forward + " limit " + limit, c -> {
                var response = c.query(b -> b.tableName(table).keyConditionExpression(keyCondition).filterExpression(filter)
                        .expressionAttributeValues(values).scanIndexForward(forward).consistentRead(true).limit(limit));
                // known difference (README): a page cut at Limit has a LastEvaluatedKey here even when nothing follows (as on
                // DynamoDB), moto leaves it out; so the rest is compared by following the key to the end, not the key itself
                List<String> rest = new ArrayList<>();
                Map<String, AttributeValue> next = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
                while (next != null) {
                    Map<String, AttributeValue> from = next;
                    var page = c.query(b -> b.tableName(table).keyConditionExpression(keyCondition).filterExpression(filter)
                            .expressionAttributeValues(values).scanIndexForward(forward).consistentRead(true).limit(limit).exclusiveStartKey(from));
                    page.items().forEach(i -> rest.add(canon(i)));
                    next = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
                }
                return response.items().stream().map(DifferentialIT::canon).toList() + " count " + response.count() + " scanned " + response.scannedCount()
                        + " then " + rest;
            });
        }
        if (kind < 80) {
            String g = pick(r, "g0", "g1");
            return new Operation("Query byG g = " + g, c -> {
                var response = c.query(b -> b.tableName(table).indexName("byG").keyConditionExpression("g = :g").expressionAttributeValues(Map.of(":g", s(g))));
                // items with equal index keys have no defined order: compare them sorted by the table key within equal sort keys
                return response.items().stream().sorted(Comparator.comparing((Map<String, AttributeValue> i) -> Integer.parseInt(i.get("sk").n()))
                        .thenComparing(i -> i.get("pk").s())).map(DifferentialIT::canon).toList() + " count " + response.count();
            });
        }
        if (kind < 85) {
            String filter = pick(r, null, "v BETWEEN :x AND :y", "begins_with(w, :a) OR attribute_not_exists(v)");
            Map<String, AttributeValue> values = filter == null ? null : filter.contains(":y") ? Map.of(":x", n(2), ":y", n(6)) : Map.of(":a", s("a"));
            return new Operation("Scan filter " + filter, c -> {
                var response = c.scan(b -> b.tableName(table).filterExpression(filter).expressionAttributeValues(values).consistentRead(true));
                return response.items().stream().map(DifferentialIT::canon).sorted().toList() + " count " + response.count() + " scanned " + response.scannedCount();
            });
        }
        if (kind < 90) {
            Map<Map<String, AttributeValue>, WriteRequest> writes = new LinkedHashMap<>();
            for (int i = 0; i < 1 + r.nextInt(3); i++) {
                Map<String, AttributeValue> k = key(r);
                Map<String, AttributeValue> item = new HashMap<>(k);
                item.putAll(attributes(r));
                writes.put(k, r.nextBoolean() ? WriteRequest.builder().putRequest(p -> p.item(item)).build() : WriteRequest.builder().deleteRequest(d -> d.key(k)).build());
            }
            List<WriteRequest> batch = new ArrayList<>(writes.values());
            return new Operation("BatchWriteItem " + batch, c -> "unprocessed " + c.batchWriteItem(b -> b.requestItems(Map.of(table, batch))).unprocessedItems().size());
        }
        if (kind < 96) {
            Map<String, AttributeValue> other = key(r);
            int amount = 1 + r.nextInt(5);
            var debit = TransactWriteItem.builder().update(Update.builder().tableName(table).key(key).updateExpression("SET v = v - :x")
                    .conditionExpression("v >= :x").expressionAttributeValues(Map.of(":x", n(amount))).build()).build();
            Map<String, AttributeValue> item = new HashMap<>(other);
            item.put("v", n(amount));
            boolean guarded = r.nextBoolean();
            var put = TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).conditionExpression(guarded ? "attribute_not_exists(pk)" : null).build()).build();
            return new Operation("TransactWriteItems debit " + key + " by " + amount + ", put " + item + (guarded ? " if new" : ""),
                    c -> "ok " + c.transactWriteItems(b -> b.transactItems(debit, put)).sdkHttpResponse().isSuccessful());
        }
        Map<String, AttributeValue> other = key(r);
        return new Operation("TransactGetItems " + key + " " + other, c -> c.transactGetItems(b -> b.transactItems(
                        TransactGetItem.builder().get(g -> g.tableName(table).key(key)).build(), TransactGetItem.builder().get(g -> g.tableName(table).key(other)).build()))
                .responses().stream().map(i -> i.hasItem() ? canon(i.item()) : "none").toList().toString());
    }

    private static Map<String, AttributeValue> key(Random r) {
        return Map.of("pk", s("p" + r.nextInt(3)), "sk", n(r.nextInt(5)));
    }

    private static Map<String, AttributeValue> attributes(Random r) {
        Map<String, AttributeValue> a = new HashMap<>();
        if (r.nextInt(4) > 0) a.put("v", n(r.nextInt(10)));
        if (r.nextBoolean()) a.put("w", s(pick(r, "a", "b", "c", "ab")));
        if (r.nextBoolean()) a.put("tags", AttributeValue.fromSs(subset(r)));
        if (r.nextBoolean()) a.put("g", s(pick(r, "g0", "g1")));
        if (r.nextInt(5) == 0) a.put("bin", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) r.nextInt(3)})));
        return a;
    }

    private static List<String> subset(Random r) {
        List<String> out = new ArrayList<>();
        for (String t : List.of("x", "y", "z")) if (r.nextBoolean()) out.add(t);
        if (out.isEmpty()) out.add("x");
        return out;
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... choices) { return choices[r.nextInt(choices.length)]; }

    private static AttributeValue s(String v) { return AttributeValue.fromS(v); }
    private static AttributeValue n(int v) { return AttributeValue.fromN(Integer.toString(v)); }

    // ---- normalization: maps by key, sets sorted, so that only meaning is compared

    private static String scanAll(DynamoDbClient client, String table) {
        return client.scan(b -> b.tableName(table).consistentRead(true)).items().stream().map(DifferentialIT::canon).sorted().toList().toString();
    }

    private static String attrs(Map<String, AttributeValue> attributes) {
        return attributes == null || attributes.isEmpty() ? "no attributes" : canon(attributes);
    }

    static String canon(Map<String, AttributeValue> item) {
        return new TreeMap<>(item).entrySet().stream().map(e -> e.getKey() + "=" + canon(e.getValue())).collect(Collectors.joining(", ", "{", "}"));
    }

    private static String canon(AttributeValue v) {
        if (v.s() != null) return "S:" + v.s();
        if (v.n() != null) return "N:" + new java.math.BigDecimal(v.n()).stripTrailingZeros().toPlainString();
        if (v.b() != null) return "B:" + v.b().asByteBuffer();
        if (v.bool() != null) return "BOOL:" + v.bool();
        if (Boolean.TRUE.equals(v.nul())) return "NULL";
        if (v.hasSs()) return "SS:" + v.ss().stream().sorted().toList();
        if (v.hasNs()) return "NS:" + v.ns().stream().sorted().toList();
        if (v.hasBs()) return "BS:" + v.bs().size();
        if (v.hasL()) return "L:" + v.l().stream().map(DifferentialIT::canon).toList();
        if (v.hasM()) return "M:" + canon(v.m());
        return "?";
    }
}
