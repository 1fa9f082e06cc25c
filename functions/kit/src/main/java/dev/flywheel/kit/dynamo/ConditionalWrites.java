package dev.flywheel.kit.dynamo;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Idempotency by construction: a write that only happens once because its condition says so. A failed
 * condition is an answer ("already done"), not an error.
 */
public final class ConditionalWrites {
    private ConditionalWrites() {}

    /** Puts the item unless one with the same key exists. @return true if this call created it */
    public static boolean putIfAbsent(DynamoDbClient dynamo, String table, String keyAttribute, Map<String, AttributeValue> item) {
        return putIfAbsentOrHolder(dynamo, table, keyAttribute, item).isEmpty();
    }

    /**
     * Puts the item unless one with the same key exists.
     *
     * @return empty if this call created it, else the item that holds the key, as DynamoDB returns it with the failed
     * condition (so a repeat costs no read); an empty map if it did not return one
     */
    public static Optional<Map<String, AttributeValue>> putIfAbsentOrHolder(DynamoDbClient dynamo, String table, String keyAttribute,
                                                                            Map<String, AttributeValue> item) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#k)")
                    .expressionAttributeNames(Map.of("#k", keyAttribute))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Optional.empty();
        } catch (ConditionalCheckFailedException e) {
            return Optional.of(e.hasItem() ? e.item() : Map.of());
        }
    }

    /** Which items of a cancelled transaction failed their condition (index i of the request = index i here). */
    public static boolean[] conditionFailures(TransactionCanceledException e) {
        List<CancellationReason> reasons = e.cancellationReasons();
        boolean[] failed = new boolean[reasons.size()];
        for (int i = 0; i < reasons.size(); i++) failed[i] = "ConditionalCheckFailed".equals(reasons.get(i).code());
        return failed;
    }

    /** True when a transaction was cancelled only by conditions, not by conflicts or throttling. */
    public static boolean cancelledByConditions(TransactionCanceledException e) {
        return !e.cancellationReasons().isEmpty() && e.cancellationReasons().stream()
                .allMatch(r -> "None".equals(r.code()) || "ConditionalCheckFailed".equals(r.code()));
    }
}
