package dev.flywheel.local.meter;

import dev.flywheel.dynamodb.DynamoDbEngine;
import dev.flywheel.local.emulators.Endpoints;
import dev.flywheel.local.emulators.LocalAws;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The metered endpoint in front of the real engine, driven by SDK v2: it bills the request units the engine
 * reports by DynamoDB's rules, and the function still gets the answer it asked for (the SDK checks the CRC32).
 */
class MeteredCapacityTest {

    @Test
    void billsTheUnitsTheBackendReportsAndHidesThemFromACallerThatDidNotAsk() {
        billsAndAnswers(false);
    }

    @Test
    void answersTheSameInProcessWithoutTheSecondHop() {
        billsAndAnswers(true);
    }

    private static void billsAndAnswers(boolean inProcess) {
        Usage usage = new Usage();
        try (DynamoDbEngine engine = DynamoDbEngine.builder().start();
             MeteredEndpoint meter = new MeteredEndpoint("dynamodb", engine.endpoint(), usage, inProcess ? engine.front() : null);
             DynamoDbClient dynamo = LocalAws.dynamo(Endpoints.of("http://127.0.0.1:1", meter.url().toString()))) {
            dynamo.createTable(b -> b.tableName("orders").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)).keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
            Map<String, AttributeValue> big = Map.of("id", AttributeValue.fromS("o1"), "trace", AttributeValue.fromS("x".repeat(2500)));
            var put = dynamo.putItem(b -> b.tableName("orders").item(big));
            assertNull(put.consumedCapacity(), "the caller did not ask for capacity, so it gets none");
            // a small update of a 2.5 KB item: the request is tiny, but DynamoDB bills the item (3 units)
            dynamo.updateItem(b -> b.tableName("orders").key(Map.of("id", AttributeValue.fromS("o1"))).updateExpression("SET s = :s")
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("CONFIRMED"))));
            dynamo.getItem(b -> b.tableName("orders").key(Map.of("id", AttributeValue.fromS("o1"))));
            var asked = dynamo.getItem(b -> b.tableName("orders").key(Map.of("id", AttributeValue.fromS("o1"))).consistentRead(true)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
            assertEquals(1.0, asked.consumedCapacity().capacityUnits(), "a caller that asked keeps its answer");

            var counted = usage.operations();
            assertEquals(3.0, counted.get("dynamodb:PutItem").billed(), "2.5 KB: 3 write units");
            assertEquals(3.0, counted.get("dynamodb:UpdateItem").billed(), "billed on the item, not on the request's size");
            assertEquals(1.5, counted.get("dynamodb:GetItem").billed(), "0.5 (eventually consistent) + 1 (strong)");
            assertThrows(ConditionalCheckFailedException.class, () -> dynamo.putItem(b -> b.tableName("orders").item(big)
                    .conditionExpression("attribute_not_exists(id)")), "an error keeps its status and type");
        }
    }

    /**
     * In process the meter reads and takes out the capacity on the engine's parsed answer; a TransactWriteItems token's
     * first answer is kept by the engine and given again to a retry with the same token, so taking it out must not
     * change the kept one: the retry is billed by the units reported, not by the estimate from the request's size.
     */
    @Test
    void aReplayedTransactionIsBilledItsReportedUnitsInProcess() {
        Usage usage = new Usage();
        try (DynamoDbEngine engine = DynamoDbEngine.builder().start();
             MeteredEndpoint meter = new MeteredEndpoint("dynamodb", engine.endpoint(), usage, engine.front());
             DynamoDbClient dynamo = LocalAws.dynamo(Endpoints.of("http://127.0.0.1:1", meter.url().toString()))) {
            dynamo.createTable(b -> b.tableName("orders").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)).keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
            dynamo.putItem(b -> b.tableName("orders").item(Map.of("id", AttributeValue.fromS("o1"), "trace", AttributeValue.fromS("x".repeat(2500)))));
            for (int call = 0; call < 2; call++) {
                var answer = dynamo.transactWriteItems(b -> b.clientRequestToken("same-token").transactItems(t -> t.update(u -> u.tableName("orders")
                        .key(Map.of("id", AttributeValue.fromS("o1"))).updateExpression("SET s = :s")
                        .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("CONFIRMED"))))));
                assertEquals(false, answer.hasConsumedCapacity(), "the caller did not ask, call " + call);
            }
            // a small update of a 2.5 KB item in a transaction: 3 units, twice; the request alone would be estimated at 2
            assertEquals(12.0, usage.operations().get("dynamodb:TransactWriteItems").billed());
        }
    }

    @Test
    void leavesControlPlaneAndMalformedRequestsAlone() {
        byte[] describe = "{\"TableName\":\"x\"}".getBytes();
        assertEquals(false, ConsumedCapacity.ask("DescribeTable", describe).asked());
        assertEquals(false, ConsumedCapacity.ask("PutItem", "{not json".getBytes()).asked());
        assertEquals(false, ConsumedCapacity.ask("PutItem", "{\"ReturnConsumedCapacity\":\"INDEXES\"}".getBytes()).asked());
        assertEquals(true, ConsumedCapacity.ask("PutItem", "{\"ReturnConsumedCapacity\":\"NONE\"}".getBytes()).asked());
        assertEquals(3.5, ConsumedCapacity.units("{\"ConsumedCapacity\":[{\"CapacityUnits\":2.0},{\"CapacityUnits\":1.5}]}".getBytes()).orElseThrow());
        assertEquals(true, ConsumedCapacity.units("{}".getBytes()).isEmpty(), "no report: the caller estimates");
    }
}
