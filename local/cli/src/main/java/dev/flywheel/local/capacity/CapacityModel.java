package dev.flywheel.local.capacity;

import dev.flywheel.local.load.LoadProfile;
import dev.flywheel.topology.Topology;
import dev.flywheel.topology.TriggerSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the capacity simulator needs to know: the traffic, each event-source mapping (its queue, how many messages
 * an order puts on it, how long a batch takes, its maximum concurrency), Lambda's scaling rule and account limit,
 * and DynamoDB's per-partition write limit with the hot SKU's shard count.
 *
 * @param messagesPerOrder per queue: orders-intake 1, inventory-commands 1, payments-commands 1, orders-events 2
 *                         (stock reserved, then payment captured)
 * @param batchSeconds     per function: how long one batch of {@code batchSize} takes, warm
 */
public record CapacityModel(LoadProfile profile, List<Stage> stages, double initialConcurrency, double addedPerMinute,
                            int accountConcurrency, int partitionWritesPerSecond, int hotSkuShards, double stockWritesPerOrder,
                            double memoryGb) {

    /** One mapping: a queue and the function that drains it. {@code next} are the queues its messages feed. */
    public record Stage(String queue, String function, int batchSize, double batchSeconds, int maxConcurrency, double messagesPerOrder,
                        boolean touchesHotSku) {}

    /** Messages an order puts on each queue of the standard topology. */
    static final Map<String, Double> MESSAGES_PER_ORDER = Map.of("orders-intake", 1.0, "inventory-commands", 1.0, "payments-commands", 1.0, "orders-events", 2.0);

    /**
     * The standard topology's mappings with the given batch durations.
     *
     * @param concurrencyCap a cap on every mapping's maximum concurrency (a laptop's machine-wide limit), or 0 for none
     */
    public static List<Stage> stages(Topology topology, Map<String, Double> batchSeconds, int concurrencyCap) {
        List<Stage> stages = new ArrayList<>();
        for (TriggerSpec t : topology.triggers()) {
            Double seconds = batchSeconds.get(t.function());
            if (seconds == null) throw new IllegalArgumentException("no batch duration for " + t.function());
            int max = concurrencyCap > 0 ? Math.min(t.maximumConcurrency(), concurrencyCap) : t.maximumConcurrency();
            stages.add(new Stage(t.queue(), t.function(), t.batchSize(), seconds, max, MESSAGES_PER_ORDER.getOrDefault(t.queue(), 1.0),
                    t.function().equals("inventory-worker")));
        }
        return stages;
    }
}
