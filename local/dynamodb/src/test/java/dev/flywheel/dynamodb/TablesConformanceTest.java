package dev.flywheel.dynamodb;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.flywheel.dynamodb.ItemsConformanceTest.validation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CreateTable, DescribeTable, ListTables, DeleteTable and the TTL operations. */
class TablesConformanceTest extends EngineTest {

    @Test
    void aTableIsCreatedActiveDescribedListedAndDeleted() {
        String t = table(ScalarAttributeType.N);
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(t));
        var table = dynamo.describeTable(b -> b.tableName(t)).table();
        assertEquals(TableStatus.ACTIVE, table.tableStatus());
        assertEquals(List.of("pk", "sk"), table.keySchema().stream().map(k -> k.attributeName()).toList());
        assertEquals(List.of(KeyType.HASH, KeyType.RANGE), table.keySchema().stream().map(k -> k.keyType()).toList());
        assertEquals(BillingMode.PAY_PER_REQUEST, table.billingModeSummary().billingMode());
        dynamo.putItem(b -> b.tableName(t).item(key("a", n("1"))));
        assertEquals(1, dynamo.describeTable(b -> b.tableName(t)).table().itemCount());
        assertTrue(dynamo.listTables().tableNames().contains(t));
        assertThrows(ResourceInUseException.class, () -> dynamo.createTable(b -> b.tableName(t).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S)).keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))));
        dynamo.deleteTable(b -> b.tableName(t));
        var e = assertThrows(ResourceNotFoundException.class, () -> dynamo.describeTable(b -> b.tableName(t)));
        assertEquals("Requested resource not found: Table: " + t + " not found", e.awsErrorDetails().errorMessage());
    }

    @Test
    void listTablesPages() {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) made.add(table());
        List<String> listed = new ArrayList<>();
        dynamo.listTablesPaginator(b -> b.limit(2)).tableNames().forEach(listed::add);
        assertTrue(listed.containsAll(made));
        assertEquals(listed.stream().sorted().toList(), listed, "in name order");
    }

    @Test
    void createTableIsValidated() {
        assertTrue(validation(() -> dynamo.createTable(b -> b.tableName("bad_defs").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S), a -> a.attributeName("extra").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))))
                .contains("Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions"));
        assertTrue(validation(() -> dynamo.createTable(b -> b.tableName("no_throughput")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)))).contains("ReadCapacityUnits and WriteCapacityUnits must both be specified"));
        assertTrue(validation(() -> dynamo.createTable(b -> b.tableName("ab").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)))).contains("Member must have length greater than or equal to 3"));
    }

    @Test
    void timeToLiveIsDescribedAndExpiredItemsAreSwept() throws InterruptedException {
        try (DynamoDbEngine fast = DynamoDbEngine.builder().ttlSweep(Duration.ofMillis(50)).start(); DynamoDbClient client = client(fast)) {
            client.createTable(b -> b.tableName("sessions").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S)).keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
            assertEquals(TimeToLiveStatus.DISABLED, client.describeTimeToLive(b -> b.tableName("sessions")).timeToLiveDescription().timeToLiveStatus());
            long now = Instant.now().getEpochSecond();
            client.putItem(b -> b.tableName("sessions").item(Map.of("pk", s("old"), "expires", n(String.valueOf(now - 10)))));
            client.putItem(b -> b.tableName("sessions").item(Map.of("pk", s("new"), "expires", n(String.valueOf(now + 3600)))));
            client.putItem(b -> b.tableName("sessions").item(Map.of("pk", s("text"), "expires", s("yesterday"))));
            Thread.sleep(200);
            assertTrue(client.getItem(b -> b.tableName("sessions").key(key("old"))).hasItem(), "TTL is off: nothing expires");
            client.updateTimeToLive(b -> b.tableName("sessions").timeToLiveSpecification(s -> s.attributeName("expires").enabled(true)));
            var description = client.describeTimeToLive(b -> b.tableName("sessions")).timeToLiveDescription();
            assertEquals(TimeToLiveStatus.ENABLED, description.timeToLiveStatus());
            assertEquals("expires", description.attributeName());
            assertEquals("TimeToLive is already enabled", validation(() -> client.updateTimeToLive(b -> b.tableName("sessions")
                    .timeToLiveSpecification(s -> s.attributeName("expires").enabled(true)))));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (client.getItem(b -> b.tableName("sessions").key(key("old"))).hasItem() && System.nanoTime() < deadline) Thread.sleep(20);
            assertFalse(client.getItem(b -> b.tableName("sessions").key(key("old"))).hasItem(), "expired: swept");
            assertTrue(client.getItem(b -> b.tableName("sessions").key(key("new"))).hasItem());
            assertTrue(client.getItem(b -> b.tableName("sessions").key(key("text"))).hasItem(), "a non-number TTL attribute never expires");
        }
    }
}
