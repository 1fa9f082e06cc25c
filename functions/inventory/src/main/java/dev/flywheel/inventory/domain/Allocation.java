package dev.flywheel.inventory.domain;

import dev.flywheel.kit.dynamo.WriteSharding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * So many units of a SKU taken from one stock shard: the business rule of how an order is spread over a hot
 * product's write shards. (Its fields are also the stored form of a reservation's allocations.)
 */
public record Allocation(String sku, String shardKey, long quantity) {

    /**
     * Plans where an order's units come from: for each line, shards in turn from one chosen by the order id
     * (so concurrent orders start on different shards), taking what each has. Null when stock is short.
     */
    public static List<Allocation> plan(String orderId, List<Line> lines, Map<String, Integer> shardsBySku, Map<String, Long> available) {
        Map<String, Long> left = new HashMap<>(available);
        List<Allocation> plan = new ArrayList<>();
        for (Line line : lines) {
            int shards = shardsBySku.get(line.sku());
            int start = WriteSharding.startShard(orderId, shards);
            long needed = line.quantity();
            for (int i = 0; i < shards && needed > 0; i++) {
                String key = WriteSharding.shardKey(line.sku(), (start + i) % shards);
                long take = Math.min(needed, left.getOrDefault(key, 0L));
                if (take <= 0) continue;
                plan.add(new Allocation(line.sku(), key, take));
                left.put(key, left.get(key) - take);
                needed -= take;
            }
            if (needed > 0) return null;
        }
        return plan;
    }

    /**
     * Plans several orders as one write will take them: each in turn from what the earlier ones left, all starting at
     * the shard that the first order's id chooses, so that the lot touches as few shards as it can (each shard is a
     * write of its own). An order that does not fit is left out. @return allocations by order id, in the given order
     */
    public static Map<String, List<Allocation>> planTogether(List<PricedOrder> orders, Map<String, Long> available) {
        Map<String, Long> left = new HashMap<>(available);
        Map<String, List<Allocation>> plans = new LinkedHashMap<>();
        if (orders.isEmpty()) return plans;
        String start = orders.get(0).orderId();
        for (PricedOrder order : orders) {
            List<Allocation> plan = plan(start, order.lines(), order.shardsBySku(), left);
            if (plan == null) continue;
            plan.forEach(a -> left.merge(a.shardKey(), -a.quantity(), Long::sum));
            plans.put(order.orderId(), plan);
        }
        return plans;
    }
}
