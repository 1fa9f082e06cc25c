package dev.flywheel.kit.idempotency;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.util.Map;

import static dev.flywheel.kit.dynamo.Items.n;
import static dev.flywheel.kit.dynamo.Items.s;

/**
 * Idempotency records in a DynamoDB table (key attribute {@code id}; {@code expiration} is the table's TTL
 * attribute, so DynamoDB drops old records; correctness never depends on when). The in-progress claim is one
 * conditional put that returns the record holding the key when it fails, so a repeat costs no extra read.
 */
public final class DynamoPersistenceStore implements PersistenceStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoPersistenceStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Claim putInProgress(Record record, long nowMillis) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of("id", s(record.key()), "status", s(Status.INPROGRESS.name()), "payloadHash", s(record.payloadHash()),
                            "inProgressExpiry", n(record.inProgressExpiryMillis()), "expiration", n(record.expirationEpochSeconds())))
                    .conditionExpression("attribute_not_exists(id) OR expiration < :now OR (#status = :inprogress AND inProgressExpiry < :nowMillis)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":now", n(nowMillis / 1000), ":inprogress", s(Status.INPROGRESS.name()), ":nowMillis", n(nowMillis)))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return new Claim.Stored();
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> item = e.hasItem() ? e.item() : read(record.key());
            return item == null || item.isEmpty() ? new Claim.Vanished() : new Claim.Held(toRecord(item));
        }
    }

    @Override
    public void complete(String key, String data, long expirationEpochSeconds) {
        dynamo.updateItem(b -> b.tableName(table).key(Map.of("id", s(key)))
                .updateExpression("SET #status = :completed, #data = :data, expiration = :expiration REMOVE inProgressExpiry")
                .expressionAttributeNames(Map.of("#status", "status", "#data", "data"))
                .expressionAttributeValues(Map.of(":completed", s(Status.COMPLETED.name()), ":data", s(data), ":expiration", n(expirationEpochSeconds))));
    }

    @Override
    public void releaseInProgress(String key) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(Map.of("id", s(key)))
                    .conditionExpression("#status = :inprogress")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":inprogress", s(Status.INPROGRESS.name()))));
        } catch (RuntimeException ignored) {
            // the in-progress expiry frees the key anyway
        }
    }

    private Map<String, AttributeValue> read(String key) {
        return dynamo.getItem(b -> b.tableName(table).key(Map.of("id", s(key))).consistentRead(true)).item();
    }

    private static Record toRecord(Map<String, AttributeValue> item) {
        return new Record(item.get("id").s(), Status.valueOf(item.get("status").s()), item.get("payloadHash").s(),
                item.containsKey("data") ? item.get("data").s() : null,
                item.containsKey("inProgressExpiry") ? Long.parseLong(item.get("inProgressExpiry").n()) : 0,
                item.containsKey("expiration") ? Long.parseLong(item.get("expiration").n()) : 0);
    }
}
