package dev.flywheel.local.capacity;

import dev.flywheel.local.load.LoadProfile;
import dev.flywheel.topology.PollerScaling;
import dev.flywheel.topology.Topology;
import dev.flywheel.topology.TriggerSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the capacity simulator needs to know: the traffic, each event-source mapping (its queue, how many messages
 * an order puts on it, how long a batch takes, how it scales: standard or provisioned mode), the factor that scales
 * Lambda's figures (1 for a region, the platform's 0.2 for this laptop), the account limit, and DynamoDB's
 * per-partition write limit with the hot SKU's shard count.
 *
 * @param scalingFactor    times each mode's initial concurrency, floor and growth per minute (as the local platform's
 *                         --scale-factor does)
 */
public record CapacityModel(LoadProfile profile, List<Stage> stages, double scalingFactor, int accountConcurrency,
                            int partitionWritesPerSecond, int hotSkuShards, double stockWritesPerOrder, double memoryGb) {

    /**
     * One mapping: a queue and the function that drains it.
     *
     * @param ceiling the most concurrent batches: the mode's ceiling, cut to a machine's limit where there is one
     */
    public record Stage(String queue, String function, int batchSize, double batchSeconds, PollerScaling scaling, int ceiling,
                        double messagesPerOrder, boolean touchesHotSku) {
        /** The same mapping in another mode (its ceiling follows the mode, within {@code cap} if positive). */
        public Stage withScaling(PollerScaling other, int cap) {
            return new Stage(queue, function, batchSize, batchSeconds, other, cap > 0 ? Math.min(other.ceiling(), cap) : other.ceiling(),
                    messagesPerOrder, touchesHotSku);
        }
    }

    /**
     * Messages an order puts on each queue of the standard topology, for an order placed without an Idempotency-Key:
     * one placed with a key (as {@code ./flywheel load} places them) skips orders-intake, so the model is the longer path.
     */
    static final Map<String, Double> MESSAGES_PER_ORDER = Map.of("orders-intake", 1.0, "inventory-commands", 1.0, "payments-commands", 1.0, "orders-events", 2.0);

    /**
     * The topology's mappings with the given batch durations.
     *
     * @param concurrencyCap a cap on every mapping's concurrency (a laptop's machine-wide limit), or 0 for none
     */
    public static List<Stage> stages(Topology topology, Map<String, Double> batchSeconds, int concurrencyCap) {
        List<Stage> stages = new ArrayList<>();
        for (TriggerSpec t : topology.triggers()) {
            Double seconds = batchSeconds.get(t.function());
            if (seconds == null) throw new IllegalArgumentException("no batch duration for " + t.function());
            int ceiling = concurrencyCap > 0 ? Math.min(t.scaling().ceiling(), concurrencyCap) : t.scaling().ceiling();
            stages.add(new Stage(t.queue(), t.function(), t.batchSize(), seconds, t.scaling(), ceiling,
                    MESSAGES_PER_ORDER.getOrDefault(t.queue(), 1.0), t.function().equals("inventory-worker")));
        }
        return stages;
    }

    /** The same model with every mapping in {@code scaling} (the simulator's side-by-side comparison of the modes). */
    public CapacityModel withEveryMapping(PollerScaling scaling, int cap) {
        return new CapacityModel(profile, stages.stream().map(s -> s.withScaling(scaling, cap)).toList(), scalingFactor, accountConcurrency,
                partitionWritesPerSecond, hotSkuShards, stockWritesPerOrder, memoryGb);
    }
}
