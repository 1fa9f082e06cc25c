package dev.flywheel.dynamodb;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ReturnConsumedCapacity by the developer guide's rules ("Read/write capacity mode", "Capacity unit
 * consumption"): 1 write unit per KB of the larger of the old and new item, 1 read unit per 4 KB (half when
 * eventually consistent), Query summed over the items read, transactions doubled, index writes per index.
 */
class CapacityConformanceTest extends EngineTest {
    /** An item of about {@code kb} kilobytes: "pk" (2 bytes) + "a" (3 bytes) + "v" and its string. */
    private static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> sized(String pk, double kb) {
        return Map.of("pk", s(pk), "v", s("x".repeat((int) (kb * 1024) - 6)));
    }

    @Test
    void writesAreChargedPerKilobyteOfTheLargerItem() {
        String t = table();
        assertEquals(2.0, dynamo.putItem(b -> b.tableName(t).item(sized("a", 1.5)).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits());
        assertEquals(1.0, dynamo.putItem(b -> b.tableName(t).item(sized("b", 1.0)).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits(),
                "exactly 1 KB is one unit");
        dynamo.putItem(b -> b.tableName(t).item(sized("c", 3)));
        assertEquals(3.0, dynamo.updateItem(b -> b.tableName(t).key(key("c")).updateExpression("REMOVE v").returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                .consumedCapacity().capacityUnits(), "an update that shrinks the item is charged on the item before");
        assertEquals(1.0, dynamo.deleteItem(b -> b.tableName(t).key(key("missing")).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits());
    }

    @Test
    void readsArePer4KilobytesHalvedWhenEventuallyConsistent() {
        String t = table(ScalarAttributeType.N);
        dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("p"), "sk", n("1"), "v", s("x".repeat(5 * 1024)))));
        assertEquals(1.0, dynamo.getItem(b -> b.tableName(t).key(key("p", n("1"))).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits());
        assertEquals(2.0, dynamo.getItem(b -> b.tableName(t).key(key("p", n("1"))).consistentRead(true).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                .consumedCapacity().capacityUnits());
        for (int i = 2; i <= 4; i++) {
            int k = i;
            dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("p"), "sk", n(String.valueOf(k)), "v", s("x".repeat(1024)))));
        }
        // 5 KB + 3 x 1 KB (plus names and keys) read: 9 KB rounds up to 3 units, halved
        assertEquals(1.5, dynamo.query(b -> b.tableName(t).keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", s("p")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits());
    }

    @Test
    void transactionsCostDoubleAndIndexesAreChargedApart() {
        String t = "cap_" + System.nanoTime();
        dynamo.createTable(b -> b.tableName(t).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(QueryScanConformanceTest.def("pk", ScalarAttributeType.S), QueryScanConformanceTest.def("g", ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byG").keySchema(k -> k.attributeName("g").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build()));
        var put = TransactWriteItem.builder().put(Put.builder().tableName(t).item(Map.of("pk", s("a"), "g", s("x"))).build()).build();
        var consumed = dynamo.transactWriteItems(b -> b.transactItems(put).returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity().get(0);
        assertEquals(2.0, consumed.table().capacityUnits());
        assertEquals(2.0, consumed.globalSecondaryIndexes().get("byG").capacityUnits());
        assertEquals(4.0, consumed.capacityUnits());
        var moved = dynamo.updateItem(b -> b.tableName(t).key(key("a")).updateExpression("SET g = :y").expressionAttributeValues(Map.of(":y", s("y")))
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
        assertEquals(2.0, moved.globalSecondaryIndexes().get("byG").capacityUnits(), "a changed index key is a delete and a put in the index");
        var untouched = dynamo.updateItem(b -> b.tableName(t).key(key("a")).updateExpression("SET extra = :o").expressionAttributeValues(Map.of(":o", s("o")))
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
        assertEquals(null, untouched.globalSecondaryIndexes().get("byG"), "KEYS_ONLY: a non-key attribute does not touch the index");
        assertEquals(2.0, dynamo.transactGetItems(b -> b.transactItems(TransactGetItem.builder().get(g -> g.tableName(t).key(key("a"))).build())
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().get(0).capacityUnits());
    }
}
