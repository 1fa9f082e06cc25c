package dev.flywheel.dynamodb;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One engine on a free port per test class, driven through SDK v2 exactly as an application would. Each test
 * makes its own tables (unique names), so tests stay independent without restarting the engine.
 */
abstract class EngineTest {
    private static final AtomicInteger TABLES = new AtomicInteger();

    static DynamoDbEngine engine;
    static DynamoDbClient dynamo;

    @BeforeAll
    static void startEngine() {
        engine = DynamoDbEngine.builder().start();
        dynamo = client(engine);
    }

    @AfterAll
    static void stopEngine() {
        dynamo.close();
        engine.close();
    }

    static DynamoDbClient client(DynamoDbEngine engine) {
        return DynamoDbClient.builder().endpointOverride(engine.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "any")))
                .httpClient(ApacheHttpClient.builder().maxConnections(64).build())
                .build();
    }

    /** A new on-demand table with a string partition key {@code pk} and, when {@code sortType} is given, a sort key {@code sk}. */
    static String table(ScalarAttributeType sortType) {
        String name = "table_" + TABLES.incrementAndGet();
        dynamo.createTable(b -> {
            b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST);
            List<software.amazon.awssdk.services.dynamodb.model.AttributeDefinition> defs = new ArrayList<>();
            List<software.amazon.awssdk.services.dynamodb.model.KeySchemaElement> keys = new ArrayList<>();
            defs.add(software.amazon.awssdk.services.dynamodb.model.AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build());
            keys.add(software.amazon.awssdk.services.dynamodb.model.KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build());
            if (sortType != null) {
                defs.add(software.amazon.awssdk.services.dynamodb.model.AttributeDefinition.builder().attributeName("sk").attributeType(sortType).build());
                keys.add(software.amazon.awssdk.services.dynamodb.model.KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build());
            }
            b.attributeDefinitions(defs).keySchema(keys);
        });
        return name;
    }

    static String table() { return table(null); }

    static AttributeValue s(String v) { return AttributeValue.fromS(v); }
    static AttributeValue n(String v) { return AttributeValue.fromN(v); }
    static Map<String, AttributeValue> key(String pk) { return Map.of("pk", s(pk)); }
    static Map<String, AttributeValue> key(String pk, AttributeValue sk) { return Map.of("pk", s(pk), "sk", sk); }
}
