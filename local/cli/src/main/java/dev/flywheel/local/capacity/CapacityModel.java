package dev.flywheel.local.capacity;

import dev.flywheel.local.load.LoadProfile;
import dev.flywheel.topology.PollerScaling;
import dev.flywheel.topology.Topology;
import dev.flywheel.topology.TriggerSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the capacity simulator needs to know: the traffic, each event-source mapping (its queue, how long a batch
 * takes, how it scales: standard or provisioned mode), the factor that scales Lambda's figures (1 for a region, the
 * platform's 0.2 for this laptop), the account limit, DynamoDB's per-partition write limit with the hot SKU's shard
 * count, and which way orders enter the saga. Built with {@link #of}: every figure has a name at the call site.
 *
 * @param scalingFactor times each mode's initial concurrency, floor and growth per minute (as the local platform's
 *                      --scale-factor does)
 * @param keyedShare    the share of orders placed with an {@code Idempotency-Key}: orders-api stores those and sends
 *                      them straight to inventory-commands; the others go through orders-intake first
 */
public record CapacityModel(LoadProfile profile, List<Stage> stages, double scalingFactor, int accountConcurrency,
                            int partitionWritesPerSecond, int hotSkuShards, double stockWritesPerOrder, double memoryGb,
                            double keyedShare) {
    public CapacityModel {
        stages = List.copyOf(stages);
        if (keyedShare < 0 || keyedShare > 1) throw new IllegalArgumentException("the share of orders with a key is 0..1, not " + keyedShare);
    }

    /**
     * One mapping: a queue and the function that drains it.
     *
     * @param initSeconds a cold start: how long a new environment of the function initializes before its first batch
     * @param ceiling     the most concurrent batches: the mode's ceiling, cut to a machine's limit where there is one
     */
    public record Stage(String queue, String function, int batchSize, double batchSeconds, double initSeconds, PollerScaling scaling,
                        int ceiling, boolean touchesHotSku) {
        /** The same mapping in another mode (its ceiling follows the mode, within {@code cap} if positive). */
        public Stage withScaling(PollerScaling other, int cap) {
            return new Stage(queue, function, batchSize, batchSeconds, initSeconds, other, cap > 0 ? Math.min(other.ceiling(), cap) : other.ceiling(),
                    touchesHotSku);
        }
    }

    /** The queue an order placed without a key enters by, and the one an order placed with a key enters by. */
    static final String UNKEYED_ENTRY = "orders-intake", KEYED_ENTRY = "inventory-commands";

    /**
     * Messages an order puts on {@code queue}: orders-intake only for an order without a key; inventory-commands,
     * payments-commands and orders-events one each (an order refused for lack of stock skips payments-commands: the
     * model assumes there is stock).
     */
    public double messagesPerOrder(String queue) {
        return queue.equals(UNKEYED_ENTRY) ? 1 - keyedShare : 1.0;
    }

    /** Reservations a second the hot SKU's shards take before DynamoDB throttles their partitions. */
    public double stockReservationsPerSecond() {
        return hotSkuShards * partitionWritesPerSecond / stockWritesPerOrder;
    }

    /** A model with Lambda's own figures, changed by the builder's named setters. */
    public static Builder of(LoadProfile profile, List<Stage> stages) {
        return new Builder(profile, stages);
    }

    /**
     * The topology's mappings with the given batch durations and cold starts, both per function.
     *
     * @param concurrencyCap a cap on every mapping's concurrency (a laptop's machine-wide limit), or 0 for none
     */
    public static List<Stage> stages(Topology topology, Map<String, Double> batchSeconds, Map<String, Double> initSeconds, int concurrencyCap) {
        List<Stage> stages = new ArrayList<>();
        for (TriggerSpec t : topology.triggers()) {
            Double seconds = batchSeconds.get(t.function()), init = initSeconds.get(t.function());
            if (seconds == null) throw new IllegalArgumentException("no batch duration for " + t.function());
            if (init == null) throw new IllegalArgumentException("no init duration for " + t.function());
            int ceiling = concurrencyCap > 0 ? Math.min(t.scaling().ceiling(), concurrencyCap) : t.scaling().ceiling();
            stages.add(new Stage(t.queue(), t.function(), t.batchSize(), seconds, init, t.scaling(), ceiling, t.function().equals("inventory-worker")));
        }
        return stages;
    }

    /** The same model with every mapping in {@code scaling} (the simulator's side-by-side comparison of the modes). */
    public CapacityModel withEveryMapping(PollerScaling scaling, int cap) {
        return new CapacityModel(profile, stages.stream().map(s -> s.withScaling(scaling, cap)).toList(), scalingFactor, accountConcurrency,
                partitionWritesPerSecond, hotSkuShards, stockWritesPerOrder, memoryGb, keyedShare);
    }

    /** Named figures for {@link CapacityModel}; the defaults are a region's. */
    public static final class Builder {
        private final LoadProfile profile;
        private final List<Stage> stages;
        private double scalingFactor = 1, stockWritesPerOrder = 2, memoryGb = 0.5, keyedShare = 1;
        private int accountConcurrency = 1000, partitionWritesPerSecond = 1000, hotSkuShards = 16;

        private Builder(LoadProfile profile, List<Stage> stages) {
            this.profile = profile;
            this.stages = stages;
        }

        public Builder scalingFactor(double factor) { this.scalingFactor = factor; return this; }
        public Builder accountConcurrency(int executions) { this.accountConcurrency = executions; return this; }
        public Builder partitionWritesPerSecond(int writeUnits) { this.partitionWritesPerSecond = writeUnits; return this; }
        public Builder hotSkuShards(int shards) { this.hotSkuShards = shards; return this; }
        /** Write units a reservation puts on the hot SKU's partition: 2, its shard update in a transaction. */
        public Builder stockWritesPerOrder(double writeUnits) { this.stockWritesPerOrder = writeUnits; return this; }
        public Builder memoryGb(double gb) { this.memoryGb = gb; return this; }
        public Builder keyedShare(double share) { this.keyedShare = share; return this; }

        public CapacityModel build() {
            return new CapacityModel(profile, stages, scalingFactor, accountConcurrency, partitionWritesPerSecond, hotSkuShards,
                    stockWritesPerOrder, memoryGb, keyedShare);
        }
    }
}
