package dev.flywheel.kit.idempotency;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.util.Map;
import java.util.Optional;

import static dev.flywheel.kit.dynamo.Items.n;
import static dev.flywheel.kit.dynamo.Items.s;

/**
 * Idempotency records in a DynamoDB table (key attribute {@code id}; {@code expiration} is the table's TTL
 * attribute, so DynamoDB drops old records; correctness never depends on when: an expired record is treated as
 * absent). A lookup is an eventually consistent read; a record is one conditional put that returns the record
 * holding the key when it fails, so a race costs no extra read.
 * Records that an earlier version left {@code INPROGRESS} (it claimed a key before the operation) count as absent.
 */
public final class DynamoPersistenceStore implements PersistenceStore {
    private static final String COMPLETED = "COMPLETED";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoPersistenceStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Record> find(String key, long nowEpochSeconds) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Map.of("id", s(key)))).item();
        return live(item, nowEpochSeconds);
    }

    @Override
    public Optional<Record> putIfAbsent(Record record, long nowEpochSeconds) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of("id", s(record.key()), "status", s(COMPLETED), "payloadHash", s(record.payloadHash()),
                            "data", s(record.data()), "expiration", n(record.expirationEpochSeconds())))
                    .conditionExpression("attribute_not_exists(id) OR expiration < :now OR #status <> :completed")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":now", n(nowEpochSeconds), ":completed", s(COMPLETED)))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Optional.empty();
        } catch (ConditionalCheckFailedException e) {
            // the condition failed on a live COMPLETED record, which DynamoDB returns with the failure
            return Optional.of(live(e.hasItem() ? e.item() : null, nowEpochSeconds)
                    .orElseThrow(() -> new IllegalStateException("idempotency record " + record.key() + " held, but not returned", e)));
        }
    }

    private static Optional<Record> live(Map<String, AttributeValue> item, long nowEpochSeconds) {
        if (item == null || item.isEmpty() || !item.containsKey("status") || !COMPLETED.equals(item.get("status").s())) return Optional.empty();
        long expiration = item.containsKey("expiration") ? Long.parseLong(item.get("expiration").n()) : Long.MAX_VALUE;
        if (expiration < nowEpochSeconds) return Optional.empty();
        return Optional.of(new Record(item.get("id").s(), item.get("payloadHash").s(), item.get("data").s(), expiration));
    }
}
