package dev.flywheel.dynamodb;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.flywheel.dynamodb.ItemsConformanceTest.validation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Query and Scan as the API reference describes them, on tables and on global secondary indexes. */
class QueryScanConformanceTest extends EngineTest {

    private static List<String> sortKeys(QueryResponse r) {
        return r.items().stream().map(i -> i.get("sk").n() != null ? i.get("sk").n() : i.get("sk").s()).toList();
    }

    @Test
    void numbersSortByValueAndStringsByTheirBytes() {
        String t = table(ScalarAttributeType.N);
        for (String sk : List.of("10", "9", "100", "-1.5")) dynamo.putItem(b -> b.tableName(t).item(key("p", n(sk))));
        var v = Map.of(":p", s("p"));
        assertEquals(List.of("-1.5", "9", "10", "100"), sortKeys(dynamo.query(b -> b.tableName(t).keyConditionExpression("pk = :p").expressionAttributeValues(v))));
        assertEquals(List.of("100", "10", "9", "-1.5"), sortKeys(dynamo.query(b -> b.tableName(t).keyConditionExpression("pk = :p").expressionAttributeValues(v)
                .scanIndexForward(false))));
        String u = table(ScalarAttributeType.S);
        for (String sk : List.of("a", "B", "é", "Z")) dynamo.putItem(b -> b.tableName(u).item(key("p", s(sk))));
        assertEquals(List.of("B", "Z", "a", "é"), sortKeys(dynamo.query(b -> b.tableName(u).keyConditionExpression("pk = :p").expressionAttributeValues(v))));
    }

    @Test
    void sortKeyConditions() {
        String t = table(ScalarAttributeType.S);
        for (String sk : List.of("order#1", "order#2", "order#3", "user#1", "x")) dynamo.putItem(b -> b.tableName(t).item(key("p", s(sk))));
        dynamo.putItem(b -> b.tableName(t).item(key("other", s("order#9"))));
        assertEquals(List.of("order#1", "order#2", "order#3"), sortKeys(dynamo.query(b -> b.tableName(t).keyConditionExpression("pk = :p AND begins_with(sk, :o)")
                .expressionAttributeValues(Map.of(":p", s("p"), ":o", s("order#"))))));
        assertEquals(List.of("order#2", "order#3", "user#1"), sortKeys(dynamo.query(b -> b.tableName(t).keyConditionExpression("pk = :p AND sk BETWEEN :a AND :b")
                .expressionAttributeValues(Map.of(":p", s("p"), ":a", s("order#2"), ":b", s("user#1"))))));
        assertEquals(List.of("order#1"), sortKeys(dynamo.query(b -> b.tableName(t).keyConditionExpression("pk = :p AND sk < :a")
                .expressionAttributeValues(Map.of(":p", s("p"), ":a", s("order#2"))))));
        assertEquals(List.of("user#1", "x"), sortKeys(dynamo.query(b -> b.tableName(t).keyConditionExpression("sk >= :a AND pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"), ":a", s("user#1"))))));
        assertEquals("Query condition missed key schema element: pk", validation(() -> dynamo.query(b -> b.tableName(t).keyConditionExpression("sk = :a")
                .expressionAttributeValues(Map.of(":a", s("x"))))));
        assertEquals("Filter Expression can only contain non-primary key attributes: Primary key attribute: sk", validation(() -> dynamo.query(b -> b.tableName(t)
                .keyConditionExpression("pk = :p").filterExpression("sk = :a").expressionAttributeValues(Map.of(":p", s("p"), ":a", s("x"))))));
    }

    @Test
    void limitPagesThroughEverythingAndFiltersApplyAfterReading() {
        String t = table(ScalarAttributeType.N);
        for (int i = 0; i < 25; i++) {
            int k = i;
            dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("p"), "sk", n(String.valueOf(k)), "even", AttributeValue.fromBool(k % 2 == 0))));
        }
        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamo.query(b -> b.tableName(t).keyConditionExpression("pk = :p").filterExpression("even = :t")
                    .expressionAttributeValues(Map.of(":p", s("p"), ":t", AttributeValue.fromBool(true))).limit(10).exclusiveStartKey(from));
            assertTrue(page.scannedCount() <= 10);
            seen.addAll(sortKeys(page));
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null);
        assertEquals(3, pages, "Limit counts items read, not items matched");
        assertEquals(13, seen.size());
        var count = dynamo.query(b -> b.tableName(t).keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", s("p"))).select(Select.COUNT));
        assertEquals(25, count.count());
        assertFalse(count.hasItems() && !count.items().isEmpty());
        var exact = dynamo.query(b -> b.tableName(t).keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", s("p"))).limit(25));
        assertTrue(exact.hasLastEvaluatedKey() && !exact.lastEvaluatedKey().isEmpty(), "a page cut at Limit has a LastEvaluatedKey even when nothing follows");
    }

    @Test
    void scanSegmentsSplitTheTableWithoutOverlap() {
        String t = table();
        for (int i = 0; i < 60; i++) {
            int k = i;
            dynamo.putItem(b -> b.tableName(t).item(key("k" + k)));
        }
        Set<String> all = new HashSet<>();
        int total = 0;
        for (int segment = 0; segment < 4; segment++) {
            int seg = segment;
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                var page = dynamo.scan(b -> b.tableName(t).segment(seg).totalSegments(4).limit(7).exclusiveStartKey(from));
                page.items().forEach(i -> all.add(i.get("pk").s()));
                total += page.count();
                start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        }
        assertEquals(60, all.size());
        assertEquals(60, total, "no item is in two segments");
    }

    @Test
    void globalSecondaryIndexesAreSparseProjectedAndKeptUpToDate() {
        String t = "gsi_" + System.nanoTime();
        dynamo.createTable(b -> b.tableName(t).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(def("pk", ScalarAttributeType.S), def("user", ScalarAttributeType.S), def("at", ScalarAttributeType.N))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .globalSecondaryIndexes(
                        GlobalSecondaryIndex.builder().indexName("byUser").keySchema(k -> k.attributeName("user").keyType(KeyType.HASH), k -> k.attributeName("at")
                                .keyType(KeyType.RANGE))
                                .projection(p -> p.projectionType(ProjectionType.INCLUDE).nonKeyAttributes("total")).build(),
                        GlobalSecondaryIndex.builder().indexName("keys").keySchema(k -> k.attributeName("user").keyType(KeyType.HASH))
                                .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build()));
        dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("o1"), "user", s("u1"), "at", n("3"), "total", n("10"), "secret", s("x"))));
        dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("o2"), "user", s("u1"), "at", n("1"), "total", n("20"))));
        dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("o3"), "user", s("u2"), "at", n("2"))));
        dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("o4"), "total", n("5")))); // no user: not in either index
        var mine = dynamo.query(b -> b.tableName(t).indexName("byUser").keyConditionExpression("#u = :u").expressionAttributeNames(Map.of("#u", "user"))
                .expressionAttributeValues(Map.of(":u", s("u1"))).scanIndexForward(false));
        assertEquals(List.of("o1", "o2"), mine.items().stream().map(i -> i.get("pk").s()).toList(), "newest first by the index's sort key");
        assertEquals(Map.of("pk", s("o1"), "user", s("u1"), "at", n("3"), "total", n("10")), mine.items().get(0), "INCLUDE: keys and the named attributes");
        assertEquals(3, dynamo.scan(b -> b.tableName(t).indexName("keys")).count(), "sparse: o4 has no index key");
        var keysOnly = dynamo.scan(b -> b.tableName(t).indexName("keys")).items().get(0);
        assertEquals(Set.of("pk", "user"), keysOnly.keySet());

        dynamo.updateItem(b -> b.tableName(t).key(key("o1")).updateExpression("SET #u = :u2").expressionAttributeNames(Map.of("#u", "user"))
                .expressionAttributeValues(Map.of(":u2", s("u2"))));
        dynamo.deleteItem(b -> b.tableName(t).key(key("o2")));
        assertEquals(0, dynamo.query(b -> b.tableName(t).indexName("byUser").keyConditionExpression("#u = :u").expressionAttributeNames(Map.of("#u", "user"))
                .expressionAttributeValues(Map.of(":u", s("u1")))).count(), "an update moves the entry; a delete removes it");
        var page = dynamo.query(b -> b.tableName(t).indexName("byUser").keyConditionExpression("#u = :u").expressionAttributeNames(Map.of("#u", "user"))
                .expressionAttributeValues(Map.of(":u", s("u2"))).limit(1));
        assertEquals(Set.of("pk", "user", "at"), page.lastEvaluatedKey().keySet(), "an index's LastEvaluatedKey has the table's and the index's keys");
        var next = dynamo.query(b -> b.tableName(t).indexName("byUser").keyConditionExpression("#u = :u").expressionAttributeNames(Map.of("#u", "user"))
                .expressionAttributeValues(Map.of(":u", s("u2"))).exclusiveStartKey(page.lastEvaluatedKey()));
        assertEquals(1, next.count());
        assertEquals("Consistent reads are not supported on global secondary indexes", validation(() -> dynamo.query(b -> b.tableName(t).indexName("byUser")
                .keyConditionExpression("#u = :u").expressionAttributeNames(Map.of("#u", "user")).expressionAttributeValues(Map.of(":u", s("u2"))).consistentRead(true))));
        assertTrue(validation(() -> dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("o9"), "user", n("1")))))
                .startsWith("One or more parameter values were invalid: Type mismatch for Index Key user Expected: S Actual: N IndexName: "));
        assertNull(dynamo.getItem(b -> b.tableName(t).key(key("o9"))).item().isEmpty() ? null : "written");
    }

    static AttributeDefinition def(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }
}
