package dev.flywheel.local.capacity;

import dev.flywheel.topology.PollerScaling;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fluid model of the pipeline, one step per second: orders arrive by the profile; each mapping drains its queue
 * at concurrency × batch size / batch duration, and its concurrency follows Lambda's rule for its mode (the initial
 * batches when backlog appears, then up to +N per minute while all are busy and backlog remains, back to what is
 * busy when the queue empties but never under the mode's floor: standard 5 then +300/min, provisioned the minimum
 * pollers × 10 from the start then +1,000/min) within its ceiling and the account's limit; a provisioned mapping
 * also counts the pollers it keeps (its minimum, or what its concurrency needs, 10 invocations each), billed; inventory's stock writes for the hot SKU
 * are bounded by its shards × the partition write limit, and what goes over is throttled and stays queued. A batch
 * runs only in an initialized environment of its function: a new one first spends the function's init (see
 * {@code Environments}).
 * Messages an order puts downstream arrive in the next step. An order enters by orders-intake, or straight by
 * inventory-commands when placed with an Idempotency-Key ({@link CapacityModel#keyedShare}), and each stage's output
 * feeds the next queue of the saga.
 */
public final class CapacitySimulator {
    private static final int HORIZON_AFTER_TRAFFIC = 24 * 3600;

    /** Per-second series and the summary of one simulation. */
    public record Prediction(Map<String, List<Double>> backlog, Map<String, List<Double>> concurrency, Map<String, Double> peakBacklog,
                             Map<String, Integer> peakBacklogAt, Map<String, Integer> peakConcurrency, double drainSeconds,
                             double throttledStockWrites, double ordersOffered, double batches, double gbSeconds,
                             double pollerSeconds, Map<String, Integer> coldStarts) {
        public double pollerHours() { return pollerSeconds / 3600; }
    }

    public static Prediction run(CapacityModel m) {
        Map<String, List<CapacityModel.Stage>> byQueue = new LinkedHashMap<>();
        for (CapacityModel.Stage s : m.stages()) byQueue.computeIfAbsent(s.queue(), q -> new ArrayList<>()).add(s);
        Map<String, Double> backlog = new LinkedHashMap<>(), arriving = new LinkedHashMap<>();
        Map<String, Double> conc = new LinkedHashMap<>(), credit = new LinkedHashMap<>();
        Map<String, List<Double>> backlogSeries = new LinkedHashMap<>(), concSeries = new LinkedHashMap<>();
        Map<String, Double> peak = new LinkedHashMap<>();
        Map<String, Integer> peakAt = new LinkedHashMap<>(), peakConc = new LinkedHashMap<>();
        for (CapacityModel.Stage s : m.stages()) {
            backlog.put(s.queue(), 0.0);
            arriving.put(s.queue(), 0.0);
            conc.put(key(s), floor(s, m));
            credit.put(key(s), 0.0);
            backlogSeries.put(s.queue(), new ArrayList<>());
            concSeries.put(key(s), new ArrayList<>());
            peak.put(s.queue(), 0.0);
            peakAt.put(s.queue(), 0);
            peakConc.put(key(s), 0);
        }
        Environments environments = new Environments(m);
        double throttled = 0, offered = 0, batches = 0, gbSeconds = 0, pollerSeconds = 0;
        int end = m.profile().durationSeconds();
        double drain = Double.NaN;
        for (int t = 0; t < end + HORIZON_AFTER_TRAFFIC; t++) {
            double orders = t < end ? m.profile().rateAt(t) : 0;
            offered += orders;
            arriving.merge(CapacityModel.UNKEYED_ENTRY, orders * m.messagesPerOrder(CapacityModel.UNKEYED_ENTRY), Double::sum);
            arriving.merge(CapacityModel.KEYED_ENTRY, orders * m.keyedShare(), Double::sum);
            Map<String, Double> next = new LinkedHashMap<>();
            for (String q : backlog.keySet()) {
                backlog.merge(q, arriving.get(q), Double::sum);
                arriving.put(q, 0.0);
                next.put(q, 0.0);
            }
            double totalConc = conc.values().stream().mapToDouble(Double::doubleValue).sum();
            double accountScale = totalConc > m.accountConcurrency() ? m.accountConcurrency() / totalConc : 1;
            environments.startedBy(t);
            Map<String, Double> wanted = byFunction(m, conc, accountScale);
            for (CapacityModel.Stage s : m.stages()) {
                String k = key(s);
                double c = conc.get(k) * accountScale;
                // batches run only in environments that have finished their init; the others hold their slot meanwhile
                double capacity = c * environments.readyShare(s.function(), wanted.get(s.function())) * s.batchSize() / s.batchSeconds();
                double want = Math.min(backlog.get(s.queue()) / byQueue.get(s.queue()).size(), capacity);
                double done = want;
                if (s.touchesHotSku()) {
                    double stockLimit = m.stockReservationsPerSecond();
                    if (done > stockLimit) {
                        throttled += (done - stockLimit) * m.stockWritesPerOrder();
                        done = stockLimit;
                    }
                }
                backlog.merge(s.queue(), -done, Double::sum);
                batches += done / s.batchSize();
                gbSeconds += done / s.batchSize() * s.batchSeconds() * m.memoryGb();
                // what this stage's messages cause downstream, next second
                feed(s, done, next);
                // Lambda's rule, per mapping
                boolean busy = c > 0 && want >= capacity - 1e-9;
                double n;
                double initial = Math.max(1, Math.round(s.scaling().initial() * m.scalingFactor()));
                if (backlog.get(s.queue()) > 1e-6) {
                    if (c < initial) n = initial;
                    else if (busy) {
                        double cr = credit.get(k) + s.scaling().addedPerMinute() * m.scalingFactor() / 60.0;
                        int add = (int) cr;
                        credit.put(k, cr - add);
                        n = c + add;
                    } else n = c;
                } else {
                    credit.put(k, 0.0);
                    n = Math.ceil(done * s.batchSeconds() / s.batchSize());
                }
                n = Math.min(s.ceiling(), Math.max(floor(s, m), n));
                conc.put(k, n);
                if (s.scaling() instanceof PollerScaling.Provisioned p) pollerSeconds += p.pollersFor(n / m.scalingFactor());
                concSeries.get(k).add(n);
                peakConc.merge(k, (int) n, Math::max);
            }
            gbSeconds += environments.start(byFunction(m, conc, 1), t) * m.memoryGb();
            next.forEach((q, v) -> arriving.merge(q, v, Double::sum));
            boolean empty = true;
            for (String q : backlog.keySet()) {
                double b = Math.max(0, backlog.get(q));
                backlog.put(q, b);
                if (t < end + 3600) backlogSeries.get(q).add(b);
                if (b > peak.get(q)) {
                    peak.put(q, b);
                    peakAt.put(q, t);
                }
                if (b > 0.5 || arriving.get(q) > 0.5) empty = false;
            }
            if (t >= end && empty) {
                drain = t + 1 - end;
                break;
            }
        }
        return new Prediction(backlogSeries, concSeries, peak, peakAt, peakConc, drain, throttled, offered, batches, gbSeconds, pollerSeconds,
                environments.coldStarts);
    }

    /**
     * Each function's execution environments: Lambda runs a batch only in an initialized one, and a new one first
     * spends its function's init (a cold start, billed since August 2025). An environment stays warm once started
     * (Lambda reclaims idle ones after minutes or more; the model never does). The run starts warm at the base rate (as a load run
     * after its warm-up, or a shop before its promotion): each function has the environments the base rate keeps
     * busy, at least its mappings' initial batches.
     */
    private static final class Environments {
        private final Map<String, Double> initSeconds = new LinkedHashMap<>(), ready = new LinkedHashMap<>();
        private final Map<String, ArrayDeque<Integer>> starting = new LinkedHashMap<>();
        final Map<String, Integer> coldStarts = new LinkedHashMap<>();

        Environments(CapacityModel m) {
            for (CapacityModel.Stage s : m.stages()) {
                initSeconds.put(s.function(), s.initSeconds());
                starting.putIfAbsent(s.function(), new ArrayDeque<>());
                coldStarts.putIfAbsent(s.function(), 0);
                double perSecond = m.profile().rateAt(0) * m.messagesPerOrder(s.queue());
                double warm = perSecond == 0 ? 0 : Math.max(Math.max(1, Math.round(s.scaling().initial() * m.scalingFactor())),
                        Math.ceil(perSecond * s.batchSeconds() / s.batchSize()));
                ready.merge(s.function(), Math.min(warm, s.ceiling()), Double::sum);
            }
        }

        /** Environments whose init ends by second {@code t} take batches from then on. */
        void startedBy(int t) {
            starting.forEach((function, queue) -> {
                while (!queue.isEmpty() && queue.peek() <= t) {
                    queue.poll();
                    ready.merge(function, 1.0, Double::sum);
                }
            });
        }

        /** The share of a function's wanted concurrency that initialized environments can run. */
        double readyShare(String function, double wanted) {
            return wanted <= 0 ? 0 : Math.min(1, ready.get(function) / wanted);
        }

        /** Starts the environments each function lacks for its concurrency from the next second; @return their init's seconds */
        double start(Map<String, Double> needed, int t) {
            double initTotal = 0;
            for (var e : needed.entrySet()) {
                String function = e.getKey();
                int lacking = (int) Math.ceil(e.getValue() - ready.get(function) - starting.get(function).size() - 1e-9);
                double init = initSeconds.get(function);
                for (int i = 0; i < lacking; i++) starting.get(function).add(t + 1 + (int) Math.ceil(init));
                if (lacking > 0) {
                    coldStarts.merge(function, lacking, Integer::sum);
                    initTotal += lacking * init;
                }
            }
            return initTotal;
        }
    }

    /** Concurrency a mapping keeps with an empty queue: provisioned mode's minimum pollers (scaled), none in standard mode. */
    private static double floor(CapacityModel.Stage s, CapacityModel m) {
        return s.scaling().floor() == 0 ? 0 : Math.min(s.ceiling(), Math.max(1, Math.round(s.scaling().floor() * m.scalingFactor())));
    }

    /**
     * Orders' next messages: intake → inventory-commands → payments-commands → orders-events (a reserved order; a
     * refused one would go from inventory to orders-events at once: the model assumes stock).
     */
    private static void feed(CapacityModel.Stage s, double done, Map<String, Double> next) {
        switch (s.queue()) {
            case "orders-intake" -> next.merge("inventory-commands", done, Double::sum);
            case "inventory-commands" -> next.merge("payments-commands", done, Double::sum);
            case "payments-commands" -> next.merge("orders-events", done, Double::sum);
            default -> { } // orders-events ends the saga
        }
    }

    /** Each function's concurrency: the sum of its mappings', times {@code scale}. */
    private static Map<String, Double> byFunction(CapacityModel m, Map<String, Double> conc, double scale) {
        Map<String, Double> total = new LinkedHashMap<>();
        m.stages().forEach(s -> total.merge(s.function(), conc.get(key(s)) * scale, Double::sum));
        return total;
    }

    private static String key(CapacityModel.Stage s) {
        return s.function() + "<-" + s.queue();
    }
}
