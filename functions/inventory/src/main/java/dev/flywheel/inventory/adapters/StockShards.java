package dev.flywheel.inventory.adapters;

import dev.flywheel.kit.dynamo.WriteSharding;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.flywheel.kit.dynamo.Items.number;
import static dev.flywheel.kit.dynamo.Items.s;
import static dev.flywheel.kit.dynamo.Items.string;

/** Reads the stock shard items ({@code shardKey = sku#n}, {@code available}) of several SKUs in BatchGetItem calls. */
final class StockShards {
    private StockShards() {}

    static List<String> keys(String sku, int shards) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < shards; i++) keys.add(WriteSharding.shardKey(sku, i));
        return keys;
    }

    /** @return available stock per shard key; a shard with no item counts as 0 */
    static Map<String, Long> read(DynamoDbClient dynamo, String table, List<String> shardKeys, boolean consistent) {
        Map<String, Long> available = new HashMap<>();
        for (String key : shardKeys) available.put(key, 0L);
        for (int from = 0; from < shardKeys.size(); from += 100) {
            List<Map<String, AttributeValue>> keys = shardKeys.subList(from, Math.min(shardKeys.size(), from + 100)).stream()
                    .map(k -> Map.of("shardKey", s(k))).toList();
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(consistent).build());
            while (!request.isEmpty()) {
                Map<String, KeysAndAttributes> current = request;
                var response = dynamo.batchGetItem(b -> b.requestItems(current));
                response.responses().getOrDefault(table, List.of())
                        .forEach(item -> available.put(string(item, "shardKey"), number(item, "available")));
                request = response.unprocessedKeys();
            }
        }
        return available;
    }
}
