package dev.flywheel.local.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.local.load.LoadProfile;
import dev.flywheel.topology.FlywheelTopology;
import dev.flywheel.topology.PollerScaling;
import dev.flywheel.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "capacity", mixinStandardHelpOptions = true,
        description = {"Predicts backlog, drain time, throttles and cost for a traffic profile at any scale, from Lambda's SQS scaling rule,",
                "each mapping's maximum concurrency, DynamoDB's per-partition write limit and the hot SKU's shards, for both",
                "scaling modes side by side: standard (the topology's maximum concurrency) and provisioned (--pollers on every mapping).",
                "With --compare <load summary.json> it models the laptop instead and sets its prediction beside what that run measured."})
public final class CapacityCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

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
    @Option(names = "--init-ms", defaultValue = "orders-worker=1600,inventory-worker=1700,payments-worker=1800",
            description = "a new environment's init before its first batch, per worker, ms (default: bench-cold-start's medians with AppCDS here, "
                    + "${DEFAULT-VALUE}; SnapStart on Lambda restores in less)")
    String initMs;
    @Option(names = "--max-concurrency", defaultValue = "0", description = "every mapping's maximum concurrency (default: the topology's, 20 or 10; Lambda allows up to 1000)")
    int maxConcurrency;
    @Option(names = "--account-concurrency", defaultValue = "1000", description = "the account's concurrent executions (default: ${DEFAULT-VALUE})")
    int accountConcurrency;
    @Option(names = "--shards", defaultValue = "16", description = "stock shards of the hot SKU (default: ${DEFAULT-VALUE}, the maximum)")
    int shards;
    @Option(names = "--partition-wcu", defaultValue = "1000", description = "write units per second one DynamoDB partition takes (default: ${DEFAULT-VALUE})")
    int partitionWcu;
    @Option(names = "--pollers", defaultValue = "2:200", description = "provisioned mode's MIN:MAX event pollers per mapping, "
            + "for the side-by-side column (default: ${DEFAULT-VALUE}, AWS's defaults)")
    String pollers;
    @Option(names = "--keyed", defaultValue = "1", description = "the share of orders placed with an Idempotency-Key, 0..1: they skip orders-intake "
            + "(default: ${DEFAULT-VALUE}, every client retrying safely as docs/api.md asks; 0 models clients that send none)")
    double keyedShare;
    @Option(names = "--compare", description = "a load run's summary.json: model this laptop with that run's profile and durations, and compare")
    Path compare;

    /**
     * Per-order units outside Lambda, measured (the cost model's usage of `./flywheel load --profile spike --rate 10`,
     * 2026-12-06, 3,367 orders placed with a key): write units 6.43, read units 1.03, SQS 64 KiB requests 2.09 (empty
     * receives left out, as in the cost model). An order without a key costs the same writes (orders-worker stores it
     * instead of orders-api) and about 0.1 more SQS request (bench-throughput's orders: 2.2).
     */
    static final double WRU_PER_ORDER = 6.43, RRU_PER_ORDER = 1.03, SQS_PER_ORDER = 2.09;

    @Override
    public Integer call() throws Exception {
        Topology topology = FlywheelTopology.standard();
        CapacityModel model;
        JsonNode measured = null;
        if (compare != null) {
            measured = JSON.readTree(Files.readString(compare)).get("measured");
            if (measured == null) throw new ParameterException(spec.commandLine(), compare + " has no 'measured' section (written by ./flywheel load)");
            JsonNode warm = measured.get("warmSecondsPerMessage"), init = measured.get("initSecondsPerColdStart");
            if (warm == null || init == null) throw new ParameterException(spec.commandLine(), compare + " was written by an older ./flywheel load: run it again");
            // a batch of 10 at the measured warm cost per message; each cold start at the measured init
            Map<String, Double> seconds = new LinkedHashMap<>(), initSeconds = new LinkedHashMap<>();
            warm.fields().forEachRemaining(e -> seconds.put(e.getKey(), 10 * e.getValue().asDouble()));
            init.fields().forEachRemaining(e -> initSeconds.put(e.getKey(), e.getValue().asDouble()));
            LoadProfile p = LoadProfile.of(LoadProfile.Kind.valueOf(measured.get("profile").asText().toUpperCase(Locale.ROOT)),
                    measured.get("rate").asDouble(), measured.get("durationSeconds").asInt(), measured.get("factor").asDouble());
            // the laptop: the run's platform (its scaling factor, machine-wide batches and environments per function; a summary
            // from before they were recorded: 0.2, 8 and 4, the defaults then) and shards (before: the load's default, 8); the
            // load places every order with an Idempotency-Key (LoadRun)
            JsonNode scaling = measured.path("platformScaling");
            model = CapacityModel.of(p, CapacityModel.stages(topology, seconds, initSeconds, scaling.path("maxInstances").asInt(4)))
                    .scalingFactor(scaling.path("factor").asDouble(0.2)).accountConcurrency(scaling.path("maxConcurrency").asInt(8))
                    .partitionWritesPerSecond(partitionWcu).hotSkuShards(measured.path("shards").asInt(8)).keyedShare(1).build();
        } else {
            try {
                Map<String, Double> seconds = perWorkerSeconds(batchMs), initSeconds = perWorkerSeconds(initMs);
                var stages = CapacityModel.stages(topology, seconds, initSeconds, 0);
                if (maxConcurrency > 0) stages = stages.stream().map(s -> s.withScaling(new PollerScaling.Standard(maxConcurrency), 0)).toList();
                // a reservation is one transaction: the shard update costs 2 write units on the hot partition
                model = CapacityModel.of(LoadProfile.of(profile, rate, duration, factor), stages).accountConcurrency(accountConcurrency)
                        .partitionWritesPerSecond(partitionWcu).hotSkuShards(shards).keyedShare(keyedShare).build();
            } catch (IllegalArgumentException e) { // --keyed, --batch-ms, --init-ms: what the model refuses is a usage error
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            // every mapping in provisioned mode, validated by AWS's ranges (or a clear error) as `up` and CDK validate them
            Topology allProvisioned = topology.withProvisionedPollers(String.join(",", topology.triggers().stream().map(t -> t.queue() + "=" + pollers).toList()));
            PollerScaling.Provisioned provisioned = (PollerScaling.Provisioned) allProvisioned.triggers().get(0).scaling();
            printModes(model, CapacitySimulator.run(model), provisioned, CapacitySimulator.run(model.withEveryMapping(provisioned, 0)));
            return 0;
        }
        CapacitySimulator.Prediction p = CapacitySimulator.run(model);
        print(model, p, measured);
        return 0;
    }

    /** "orders-worker=180,inventory-worker=330" (ms) as seconds per worker. */
    private static Map<String, Double> perWorkerSeconds(String millisByWorker) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (String pair : millisByWorker.split(",")) {
            String[] kv = pair.split("=");
            if (kv.length != 2) throw new IllegalArgumentException("expected worker=milliseconds, got '" + pair + "'");
            seconds.put(kv[0].trim(), Double.parseDouble(kv[1].trim()) / 1000.0);
        }
        return seconds;
    }

    /** The laptop's prediction beside what a load run measured. */
    private static void print(CapacityModel m, CapacitySimulator.Prediction p, JsonNode measured) {
        header(m, p);
        System.out.printf("  %-20s %14s %8s %14s%s%n", "queue", "peak backlog", "at s", "peak batches", "   measured peak");
        for (String q : p.peakBacklog().keySet()) {
            int conc = p.peakConcurrency().entrySet().stream().filter(e -> e.getKey().endsWith("<-" + q)).mapToInt(Map.Entry::getValue).max().orElse(0);
            System.out.printf("  %-20s %14.0f %8d %14d   %13d%n", q, p.peakBacklog().get(q), p.peakBacklogAt().get(q), conc,
                    measured.path("peakQueueDepth").path(q).asLong());
        }
        System.out.printf("  drain after the traffic ends: %s   (measured: %s)%n", drain(p),
                measured.get("drainSeconds").isNull() ? "not drained in the samples" : measured.get("drainSeconds").asDouble() + " s");
        System.out.printf("  hot SKU: %d shards take %.0f reservations/s; throttled stock writes: %.0f%n", m.hotSkuShards(), m.stockReservationsPerSecond(),
                p.throttledStockWrites());
        p.coldStarts().forEach((function, n) -> System.out.printf("  %-20s cold starts: predicted %d, measured %d%n", function, n,
                measured.path("coldStarts").path(function).asLong()));
        for (String q : p.peakBacklog().keySet()) {
            long seen = measured.path("peakQueueDepth").path(q).asLong();
            double predicted = p.peakBacklog().get(q);
            System.out.printf("  %-20s predicted %6.0f, measured %6d: %s%n", q, predicted, seen,
                    seen == 0 && predicted < 1 ? "both empty" : String.format("%+.0f%%", 100.0 * (predicted - seen) / Math.max(1, seen)));
        }
    }

    /** Both modes for the same traffic: backlog, batches, drain, and what each costs, idle pollers included. */
    private static void printModes(CapacityModel m, CapacitySimulator.Prediction standard, PollerScaling.Provisioned provisioned,
                                   CapacitySimulator.Prediction prov) {
        header(m, standard);
        System.out.printf("  %-20s | %-40s | %-40s%n", "", "standard mode", "provisioned mode, " + provisioned.minimumPollers() + ".."
                + provisioned.maximumPollers() + " pollers each");
        System.out.printf("  %-20s | %14s %8s %16s | %14s %8s %16s%n", "queue", "peak backlog", "at s", "batches/ceiling",
                "peak backlog", "at s", "batches/ceiling");
        for (CapacityModel.Stage s : m.stages()) {
            System.out.printf("  %-20s | %14.0f %8d %16s | %14.0f %8d %16s%n", s.queue(),
                    standard.peakBacklog().get(s.queue()), standard.peakBacklogAt().get(s.queue()), peakBatches(standard, s.queue()) + "/" + s.ceiling(),
                    prov.peakBacklog().get(s.queue()), prov.peakBacklogAt().get(s.queue()), peakBatches(prov, s.queue()) + "/" + provisioned.ceiling());
        }
        System.out.printf("  %-20s | %-40s | %-40s%n", "drain after traffic", drain(standard), drain(prov));
        System.out.printf("  %-20s | %-40s | %-40s%n", "cold starts", coldStarts(standard), coldStarts(prov));
        var prices = dev.flywheel.local.load.PriceTable.load();
        double standardCost = cost(prices, standard), provisionedCost = cost(prices, prov);
        double pollersCost = prices.provisionedPollers(prov.pollerHours());
        System.out.printf("  %-20s | %-40s | %-40s%n", "cost of the run", String.format("$%,.2f", standardCost),
                String.format("$%,.2f (pollers $%,.2f, %.0f poller-hours)", provisionedCost + pollersCost, pollersCost, prov.pollerHours()));
        double idlePerDay = prices.provisionedPollers(24.0 * provisioned.minimumPollers() * m.stages().size());
        System.out.printf("  %-20s | %-40s | %-40s%n", "idle, per day", "$0.00 (nothing polls at your cost)",
                String.format("$%,.2f (%d mappings × %d minimum pollers)", idlePerDay, m.stages().size(), provisioned.minimumPollers()));
        System.out.printf("  hot SKU: %d shards take %.0f reservations/s; throttled stock writes: %.0f standard, %.0f provisioned%n",
                m.hotSkuShards(), m.stockReservationsPerSecond(), standard.throttledStockWrites(), prov.throttledStockWrites());
        System.out.printf("  prices: %s list of %s (pollers at $%.3f per poller-hour: see the price file's note)%n", prices.region(), prices.asOf(),
                prices.lambdaSqsProvisionedPollerPerHour());
    }

    private static void header(CapacityModel m, CapacitySimulator.Prediction p) {
        System.out.printf("%s profile, %.0f orders/s base, %d s: %.0f orders, %.0f%% of them placed with an Idempotency-Key (straight to %s)%n",
                m.profile().kind().name().toLowerCase(Locale.ROOT), m.profile().baseRate(), m.profile().durationSeconds(), p.ordersOffered(),
                100 * m.keyedShare(), CapacityModel.KEYED_ENTRY);
    }

    private static int peakBatches(CapacitySimulator.Prediction p, String queue) {
        return p.peakConcurrency().entrySet().stream().filter(e -> e.getKey().endsWith("<-" + queue)).mapToInt(Map.Entry::getValue).max().orElse(0);
    }

    private static String coldStarts(CapacitySimulator.Prediction p) {
        return String.format("%,d", p.coldStarts().values().stream().mapToInt(Integer::intValue).sum());
    }

    private static String drain(CapacitySimulator.Prediction p) {
        return Double.isNaN(p.drainSeconds()) ? "more than a day" : String.format("%.0f s", p.drainSeconds());
    }

    /** Lambda's requests and duration, and the per-order units outside it; pollers are priced on their own line. */
    private static double cost(dev.flywheel.local.load.PriceTable prices, CapacitySimulator.Prediction p) {
        double orders = p.ordersOffered();
        return prices.lambdaRequests(p.batches()) + prices.lambdaDuration(p.gbSeconds(), false) + prices.apiRequests(orders, false)
                + prices.dynamoWrites(orders * WRU_PER_ORDER) + prices.dynamoReads(orders * RRU_PER_ORDER) + prices.sqsRequests(orders * SQS_PER_ORDER);
    }
}
