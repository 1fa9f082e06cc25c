package dev.flywheel.local.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.local.load.LoadProfile;
import dev.flywheel.topology.FlywheelTopology;
import dev.flywheel.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "capacity", mixinStandardHelpOptions = true,
        description = {"Predicts backlog, drain time, throttles and cost for a traffic profile at any scale, from Lambda's SQS scaling rule,",
                "each mapping's maximum concurrency, DynamoDB's per-partition write limit and the hot SKU's shards.",
                "With --compare <load summary.json> it models the laptop instead and sets its prediction beside what that run measured."})
public final class CapacityCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--profile", defaultValue = "steady", description = "steady, ramp, spike, soak (default: ${DEFAULT-VALUE})")
    LoadProfile.Kind profile;
    @Option(names = "--rate", defaultValue = "20000", description = "orders per second (base) (default: ${DEFAULT-VALUE})")
    double rate;
    @Option(names = "--duration", defaultValue = "600", description = "seconds of traffic (default: ${DEFAULT-VALUE})")
    int duration;
    @Option(names = "--factor", defaultValue = "10", description = "spike or ramp factor (default: ${DEFAULT-VALUE})")
    double factor;
    @Option(names = "--batch-ms", defaultValue = "orders-worker=180,inventory-worker=330,payments-worker=250",
            description = "warm duration of a 10-message batch per worker, ms (default: the medians measured locally, ${DEFAULT-VALUE})")
    String batchMs;
    @Option(names = "--max-concurrency", defaultValue = "0", description = "every mapping's maximum concurrency (default: the topology's, 20 or 10; Lambda allows up to 1000)")
    int maxConcurrency;
    @Option(names = "--account-concurrency", defaultValue = "1000", description = "the account's concurrent executions (default: ${DEFAULT-VALUE})")
    int accountConcurrency;
    @Option(names = "--shards", defaultValue = "16", description = "stock shards of the hot SKU (default: ${DEFAULT-VALUE}, the maximum)")
    int shards;
    @Option(names = "--partition-wcu", defaultValue = "1000", description = "write units per second one DynamoDB partition takes (default: ${DEFAULT-VALUE})")
    int partitionWcu;
    @Option(names = "--compare", description = "a load run's summary.json: model this laptop with that run's profile and durations, and compare")
    Path compare;

    /** Per-order units outside Lambda, from a spike run here (cost model): write units, read units, SQS 64 KiB requests. */
    static final double WRU_PER_ORDER = 12.5, RRU_PER_ORDER = 9.3, SQS_PER_ORDER = 3.1;

    @Override
    public Integer call() throws Exception {
        Topology topology = FlywheelTopology.standard();
        CapacityModel model;
        JsonNode measured = null;
        if (compare != null) {
            measured = JSON.readTree(Files.readString(compare)).get("measured");
            if (measured == null) throw new IllegalArgumentException(compare + " has no 'measured' section (written by ./flywheel load)");
            Map<String, Double> seconds = new LinkedHashMap<>();
            // a batch of 10 at the measured cost per message
            measured.get("secondsPerMessage").fields().forEachRemaining(e -> seconds.put(e.getKey(), 10 * e.getValue().asDouble()));
            LoadProfile p = LoadProfile.of(LoadProfile.Kind.valueOf(measured.get("profile").asText().toUpperCase(Locale.ROOT)),
                    measured.get("rate").asDouble(), measured.get("durationSeconds").asInt(), measured.get("factor").asDouble());
            // the laptop: the platform's defaults (scaling factor 0.2, 8 batches machine-wide, 4 environments per function)
            model = new CapacityModel(p, CapacityModel.stages(topology, seconds, 4), 1, 60, 8, partitionWcu, 8, 2, 0.5);
        } else {
            Map<String, Double> seconds = new LinkedHashMap<>();
            for (String pair : batchMs.split(",")) {
                String[] kv = pair.split("=");
                seconds.put(kv[0].trim(), Double.parseDouble(kv[1].trim()) / 1000.0);
            }
            var stages = CapacityModel.stages(topology, seconds, 0);
            if (maxConcurrency > 0) stages = stages.stream().map(s -> new CapacityModel.Stage(s.queue(), s.function(), s.batchSize(), s.batchSeconds(),
                    maxConcurrency, s.messagesPerOrder(), s.touchesHotSku())).toList();
            // a reservation is one transaction: the shard update costs 2 write units on the hot partition
            model = new CapacityModel(LoadProfile.of(profile, rate, duration, factor), stages, 5, 300, accountConcurrency, partitionWcu, shards, 2, 0.5);
        }
        CapacitySimulator.Prediction p = CapacitySimulator.run(model);
        print(model, p, measured);
        return 0;
    }

    private static void print(CapacityModel m, CapacitySimulator.Prediction p, JsonNode measured) {
        System.out.printf("%s profile, %.0f orders/s base, %d s: %.0f orders%n", m.profile().kind().name().toLowerCase(Locale.ROOT),
                m.profile().baseRate(), m.profile().durationSeconds(), p.ordersOffered());
        System.out.printf("  %-20s %14s %8s %14s%s%n", "queue", "peak backlog", "at s", "peak batches", measured != null ? "   measured peak" : "");
        for (String q : p.peakBacklog().keySet()) {
            int conc = p.peakConcurrency().entrySet().stream().filter(e -> e.getKey().endsWith("<-" + q)).mapToInt(Map.Entry::getValue).max().orElse(0);
            System.out.printf("  %-20s %14.0f %8d %14d%s%n", q, p.peakBacklog().get(q), p.peakBacklogAt().get(q), conc,
                    measured != null ? String.format("   %13d", measured.path("peakQueueDepth").path(q).asLong()) : "");
        }
        System.out.printf("  drain after the traffic ends: %s%s%n", Double.isNaN(p.drainSeconds()) ? "more than a day" : String.format("%.0f s", p.drainSeconds()),
                measured != null ? "   (measured: " + (measured.get("drainSeconds").isNull() ? "not drained in the samples" : measured.get("drainSeconds").asDouble() + " s")
                        + ")" : "");
        double stockLimit = m.hotSkuShards() * m.partitionWritesPerSecond() / m.stockWritesPerOrder();
        System.out.printf("  hot SKU: %d shards take %.0f reservations/s; throttled stock writes: %.0f%n", m.hotSkuShards(), stockLimit, p.throttledStockWrites());
        if (measured == null) {
            var prices = dev.flywheel.local.load.PriceTable.load();
            double lambda = prices.lambdaRequests(p.batches()) + prices.lambdaDuration(p.gbSeconds(), false);
            double orders = p.ordersOffered();
            double other = prices.apiRequests(orders, false) + prices.dynamoWrites(orders * WRU_PER_ORDER)
                    + prices.dynamoReads(orders * RRU_PER_ORDER) + prices.sqsRequests(orders * SQS_PER_ORDER);
            System.out.printf("  cost of the run on AWS: $%.2f (Lambda $%.2f for %.0f batches and %.0f GB-s; API, SQS and DynamoDB $%.2f)%n",
                    lambda + other, lambda, p.batches(), p.gbSeconds(), other);
        } else {
            for (String q : p.peakBacklog().keySet()) {
                long seen = measured.path("peakQueueDepth").path(q).asLong();
                double predicted = p.peakBacklog().get(q);
                System.out.printf("  %-20s predicted %6.0f, measured %6d: %s%n", q, predicted, seen,
                        seen == 0 && predicted < 1 ? "both empty" : String.format("%+.0f%%", 100.0 * (predicted - seen) / Math.max(1, seen)));
            }
        }
    }
}
