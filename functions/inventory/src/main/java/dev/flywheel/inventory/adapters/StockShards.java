package dev.flywheel.inventory.adapters;

import dev.flywheel.kit.dynamo.BatchReads;
import dev.flywheel.kit.dynamo.WriteSharding;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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
        List<Map<String, AttributeValue>> keys = shardKeys.stream().map(k -> Map.of("shardKey", s(k))).toList();
        BatchReads.items(dynamo, table, keys, consistent).forEach(item -> available.put(string(item, "shardKey"), number(item, "available")));
        return available;
    }
}
