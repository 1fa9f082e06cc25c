package dev.flywheel.local.load;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Waits for orders to reach a terminal state, reading their status from the orders table once a second. It reads
 * with BatchGetItem (100 keys a call, only the status and the time of the last change): the watcher shares the
 * emulators with the platform it measures, and one GetItem per open order per second (600 a second during the
 * throughput benchmark's burst) was itself a load on them.
 */
public final class OrderWatch {
    public static final Set<String> TERMINAL = Set.of("CONFIRMED", "REJECTED", "CANCELLED");
    private static final int BATCH_GET_LIMIT = 100; // DynamoDB's limit of keys per BatchGetItem

    private OrderWatch() {}

    /** @return the items (orderId, status, updatedAt) of the orders that ended before {@code deadlineMillis}; the others are missing */
    public static Map<String, Map<String, AttributeValue>> awaitTerminal(DynamoDbClient dynamo, String table, Collection<String> orderIds,
                                                                      long deadlineMillis) throws InterruptedException {
        Map<String, Map<String, AttributeValue>> ended = new HashMap<>();
        Set<String> open = new LinkedHashSet<>(orderIds);
        while (!open.isEmpty()) {
            for (Map<String, AttributeValue> item : statuses(dynamo, table, List.copyOf(open))) {
                if (item.containsKey("status") && TERMINAL.contains(item.get("status").s())) {
                    String id = item.get("orderId").s();
                    ended.put(id, item);
                    open.remove(id);
                }
            }
            if (open.isEmpty() || System.currentTimeMillis() >= deadlineMillis) break;
            Thread.sleep(1000);
        }
        return ended;
    }

    private static List<Map<String, AttributeValue>> statuses(DynamoDbClient dynamo, String table, List<String> ids) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> keys = ids.subList(from, Math.min(ids.size(), from + BATCH_GET_LIMIT)).stream()
                    .map(id -> Map.of("orderId", AttributeValue.fromS(id))).toList();
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys)
                    .projectionExpression("orderId, #status, updatedAt").expressionAttributeNames(Map.of("#status", "status")).build());
            while (!request.isEmpty()) {
                var response = dynamo.batchGetItem(BatchGetItemRequest.builder().requestItems(request).build());
                items.addAll(response.responses().getOrDefault(table, List.of()));
                request = response.unprocessedKeys(); // an emulator or a throttled table may leave some for another call
            }
        }
        return items;
    }
}
