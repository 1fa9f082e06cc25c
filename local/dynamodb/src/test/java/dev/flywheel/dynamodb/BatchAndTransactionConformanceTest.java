package dev.flywheel.dynamodb;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.flywheel.dynamodb.ItemsConformanceTest.validation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BatchGetItem, BatchWriteItem, TransactWriteItems and TransactGetItems, with the limits of the API reference. */
class BatchAndTransactionConformanceTest extends EngineTest {

    @Test
    void batchWriteTakesUpTo25DistinctItems() {
        String t = table();
        List<WriteRequest> puts = IntStream.range(0, 25).mapToObj(i -> WriteRequest.builder().putRequest(p -> p.item(key("k" + i))).build()).toList();
        var response = dynamo.batchWriteItem(b -> b.requestItems(Map.of(t, puts)));
        assertTrue(response.unprocessedItems().isEmpty());
        assertEquals(25, dynamo.scan(b -> b.tableName(t)).count());
        List<WriteRequest> tooMany = new ArrayList<>(puts);
        tooMany.add(WriteRequest.builder().putRequest(p -> p.item(key("k25"))).build());
        assertTrue(validation(() -> dynamo.batchWriteItem(b -> b.requestItems(Map.of(t, tooMany)))).contains("Member must have length less than or equal to 25"));
        assertEquals("Provided list of item keys contains duplicates", validation(() -> dynamo.batchWriteItem(b -> b.requestItems(Map.of(t, List.of(
                WriteRequest.builder().putRequest(p -> p.item(key("d"))).build(), WriteRequest.builder().deleteRequest(d -> d.key(key("d"))).build()))))));
        dynamo.batchWriteItem(b -> b.requestItems(Map.of(t, List.of(WriteRequest.builder().deleteRequest(d -> d.key(key("k0"))).build()))));
        assertEquals(24, dynamo.scan(b -> b.tableName(t)).count());
    }

    @Test
    void batchGetTakesUpTo100KeysAndLeavesOutMissingItems() {
        String t = table();
        dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"), "v", s("1"), "w", s("2"))));
        var response = dynamo.batchGetItem(b -> b.requestItems(Map.of(t, KeysAndAttributes.builder().keys(key("a"), key("missing")).projectionExpression("v").build())));
        assertEquals(List.of(Map.of("v", s("1"))), response.responses().get(t));
        assertTrue(response.unprocessedKeys().isEmpty());
        List<Map<String, AttributeValue>> keys = IntStream.range(0, 101).mapToObj(i -> key("k" + i)).toList();
        assertEquals("Too many items requested for the BatchGetItem call",
                validation(() -> dynamo.batchGetItem(b -> b.requestItems(Map.of(t, KeysAndAttributes.builder().keys(keys).build())))));
        assertEquals("Provided list of item keys contains duplicates",
                validation(() -> dynamo.batchGetItem(b -> b.requestItems(Map.of(t, KeysAndAttributes.builder().keys(key("a"), key("a")).build())))));
    }

    @Test
    void aTransactionAcrossTablesIsAllOrNothingAndSaysWhy() {
        String stock = table();
        String orders = table();
        dynamo.putItem(b -> b.tableName(stock).item(Map.of("pk", s("sku"), "available", n("1"))));
        var reserve = TransactWriteItem.builder().update(Update.builder().tableName(stock).key(key("sku"))
                .updateExpression("SET available = available - :q").conditionExpression("available >= :q")
                .expressionAttributeValues(Map.of(":q", n("2"))).returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build();
        var record = TransactWriteItem.builder().put(Put.builder().tableName(orders).item(key("o1")).conditionExpression("attribute_not_exists(pk)").build()).build();
        var e = assertThrows(TransactionCanceledException.class, () -> dynamo.transactWriteItems(b -> b.transactItems(record, reserve)));
        assertEquals(List.of("None", "ConditionalCheckFailed"), e.cancellationReasons().stream().map(CancellationReason::code).toList());
        assertEquals(Map.of("pk", s("sku"), "available", n("1")), e.cancellationReasons().get(1).item());
        assertTrue(e.awsErrorDetails().errorMessage().startsWith("Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]"));
        assertFalse(dynamo.getItem(b -> b.tableName(orders).key(key("o1"))).hasItem(), "the put did not happen");

        var enough = TransactWriteItem.builder().update(Update.builder().tableName(stock).key(key("sku"))
                .updateExpression("SET available = available - :q").conditionExpression("available >= :q").expressionAttributeValues(Map.of(":q", n("1"))).build()).build();
        var check = TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(orders).key(key("o2")).conditionExpression("attribute_not_exists(pk)")
                .build()).build();
        dynamo.transactWriteItems(b -> b.transactItems(record, enough, check));
        assertEquals("0", dynamo.getItem(b -> b.tableName(stock).key(key("sku"))).item().get("available").n());
        assertTrue(dynamo.getItem(b -> b.tableName(orders).key(key("o1"))).hasItem());
    }

    @Test
    void oneItemOnceAndAtMost100Actions() {
        String t = table();
        var put = TransactWriteItem.builder().put(Put.builder().tableName(t).item(key("a")).build()).build();
        var delete = TransactWriteItem.builder().delete(Delete.builder().tableName(t).key(key("a")).build()).build();
        assertEquals("Transaction request cannot include multiple operations on one item", validation(() -> dynamo.transactWriteItems(b -> b.transactItems(put, delete))));
        List<TransactWriteItem> many = IntStream.range(0, 101).mapToObj(i -> TransactWriteItem.builder().put(Put.builder().tableName(t).item(key("k" + i)).build()).build())
                .toList();
        assertTrue(validation(() -> dynamo.transactWriteItems(b -> b.transactItems(many))).contains("Member must have length less than or equal to 100"));
        dynamo.transactWriteItems(b -> b.transactItems(many.subList(0, 100)));
        assertEquals(100, dynamo.scan(b -> b.tableName(t)).count());
    }

    @Test
    void aClientRequestTokenAppliesATransactionOnce() {
        String t = table();
        var add = TransactWriteItem.builder().update(Update.builder().tableName(t).key(key("counter")).updateExpression("ADD n :one")
                .expressionAttributeValues(Map.of(":one", n("1"))).build()).build();
        dynamo.transactWriteItems(b -> b.transactItems(add).clientRequestToken("token-1"));
        dynamo.transactWriteItems(b -> b.transactItems(add).clientRequestToken("token-1"));
        assertEquals("1", dynamo.getItem(b -> b.tableName(t).key(key("counter"))).item().get("n").n());
        var other = TransactWriteItem.builder().put(Put.builder().tableName(t).item(key("x")).build()).build();
        assertThrows(IdempotentParameterMismatchException.class, () -> dynamo.transactWriteItems(b -> b.transactItems(other).clientRequestToken("token-1")));
        dynamo.transactWriteItems(b -> b.transactItems(add));
        assertEquals("2", dynamo.getItem(b -> b.tableName(t).key(key("counter"))).item().get("n").n(), "the SDK's own token differs per call");
    }

    @Test
    void transactGetAnswersInOrderWithEmptyEntriesForMissingItems() {
        String a = table();
        String b2 = table();
        dynamo.putItem(b -> b.tableName(a).item(Map.of("pk", s("x"), "v", s("1"))));
        dynamo.putItem(b -> b.tableName(b2).item(Map.of("pk", s("y"), "v", s("2"))));
        var response = dynamo.transactGetItems(b -> b.transactItems(
                TransactGetItem.builder().get(g -> g.tableName(b2).key(key("y"))).build(),
                TransactGetItem.builder().get(g -> g.tableName(a).key(key("missing"))).build(),
                TransactGetItem.builder().get(g -> g.tableName(a).key(key("x")).projectionExpression("v")).build()));
        assertEquals(3, response.responses().size());
        assertEquals("2", response.responses().get(0).item().get("v").s());
        assertFalse(response.responses().get(1).hasItem());
        assertEquals(Map.of("v", s("1")), response.responses().get(2).item());
    }
}
