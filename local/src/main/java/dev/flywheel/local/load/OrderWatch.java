package dev.flywheel.local.load;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Waits for orders to reach a terminal state, reading the orders table (one GetItem per open order, once a second). */
public final class OrderWatch {
    public static final Set<String> TERMINAL = Set.of("CONFIRMED", "REJECTED", "CANCELLED");

    private OrderWatch() {}

    /** @return the items of the orders that ended before {@code deadlineMillis}; the others are missing from the map */
    public static Map<String, Map<String, AttributeValue>> awaitTerminal(DynamoDbClient dynamo, String table, Collection<String> orderIds,
                                                                      long deadlineMillis) throws InterruptedException {
        Map<String, Map<String, AttributeValue>> ended = new HashMap<>();
        List<String> open = new ArrayList<>(orderIds);
        while (!open.isEmpty()) {
            List<String> still = new ArrayList<>();
            for (String id : open) {
                var item = dynamo.getItem(b -> b.tableName(table).key(Map.of("orderId", AttributeValue.fromS(id)))).item();
                if (item != null && item.containsKey("status") && TERMINAL.contains(item.get("status").s())) ended.put(id, item);
                else still.add(id);
            }
            open = still;
            if (open.isEmpty() || System.currentTimeMillis() >= deadlineMillis) break;
            Thread.sleep(1000);
        }
        return ended;
    }
}
