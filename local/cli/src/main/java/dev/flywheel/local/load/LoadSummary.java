package dev.flywheel.local.load;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.local.meter.PlatformUsage;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a load run ends with, as {@code summary.json} holds it: the verdict, the checks, the figures (typed fields,
 * so that tests and the capacity simulator read numbers, not sentences), the faults, the usage, the cost and what
 * the simulator can be checked against. {@link #lines()} gives the figures with the labels people read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoadSummary(boolean passed, String profile, List<Verdict.Check> checks, Figures figures, String faults,
                          PlatformUsage usage, CostModel.Cost cost, JsonNode measured) {

    /** Accept and completion latency percentiles, in milliseconds. */
    public record Latency(long p50, long p95, long p99, long max) {
        static Latency of(Histogram h) {
            List<Long> p = LoadRun.percentiles(h);
            return new Latency(p.get(0), p.get(1), p.get(2), p.get(3));
        }

        @Override
        public String toString() { return p50 + " / " + p95 + " / " + p99 + " / " + max; }
    }

    /** What the invariants were checked on: stock, captures and dead letters. */
    public record Invariants(long initialStock, long availableStock, long confirmed, long captures, long poisonSent,
                             long poisonInDeadLetterQueue, long otherDeadLetters) {}

    /**
     * @param acceptMs           accept latency before the spike (a spike run) or over the whole run (the others)
     * @param acceptInSpikeMs    in the spike, null for other profiles
     * @param acceptAfterSpikeMs after the spike, null for other profiles
     * @param resentDuringCrash  attempts that got no answer during a crash fault and were sent again
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Figures(long requestsOffered, long accepted, long throttled, long refused, long failed, long resentDuringCrash,
                          long distinctOrders, Map<String, Long> ordersByStatus, Latency acceptMs, Latency acceptInSpikeMs,
                          Latency acceptAfterSpikeMs, Latency completionMs, Invariants invariants) {}

    /** A figure with the label it is printed under (console and report). */
    public record Line(String label, String value) {}

    static LoadSummary of(LoadProfile shape, LoadRun.Results r, Verdict v, String faults, PlatformUsage usage, CostModel.Cost cost, JsonNode measured) {
        boolean spike = shape.kind() == LoadProfile.Kind.SPIKE;
        Latency completion = new Latency(v.completionPercentileMs(50), v.completionPercentileMs(95), v.completionPercentileMs(99), v.completionPercentileMs(100));
        Figures f = new Figures(r.total(r.offered), r.total(r.accepted), r.total(r.throttled), r.total(r.refused), r.total(r.failed), r.resent.get(),
                r.orders.size(), new TreeMap<>(v.byStatus), Latency.of(r.steadyLatency), spike ? Latency.of(r.spikeLatency) : null,
                spike ? Latency.of(r.afterSpikeLatency) : null, completion,
                new Invariants(r.initialStock, v.available, v.confirmed, v.captures, v.poisonSent, v.poisonInDeadLetterQueue, v.otherDeadLetters));
        String profile = shape.kind().name().toLowerCase(Locale.ROOT) + ": " + shape.baseRate() + " orders/s base, " + shape.durationSeconds() + " s"
                + (spike ? ", " + shape.factor() + "x from " + shape.spikeStart() + " s for " + shape.spikeSeconds() + " s" : "");
        return new LoadSummary(v.passed(), profile, List.copyOf(v.checks), f, faults, usage, cost, measured);
    }

    /** The figures as people read them. */
    public List<Line> lines() {
        Figures f = figures;
        boolean spike = f.acceptInSpikeMs() != null;
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("requests offered", Long.toString(f.requestsOffered())));
        lines.add(new Line("accepted (202)", Long.toString(f.accepted())));
        lines.add(new Line("throttled (429)", Long.toString(f.throttled())));
        lines.add(new Line("refused (4xx, malformed on purpose)", Long.toString(f.refused())));
        lines.add(new Line("failed (5xx or no answer)", Long.toString(f.failed())));
        if (f.resentDuringCrash() > 0) lines.add(new Line("attempts unanswered during a crash, sent again", Long.toString(f.resentDuringCrash())));
        lines.add(new Line("distinct orders", Long.toString(f.distinctOrders())));
        f.ordersByStatus().forEach((status, n) -> lines.add(new Line("orders " + status, Long.toString(n))));
        lines.add(new Line(spike ? "accept latency before the spike p50/p95/p99/max ms" : "accept latency p50/p95/p99/max ms", f.acceptMs().toString()));
        if (spike) {
            lines.add(new Line("accept latency in the spike p50/p95/p99/max ms", f.acceptInSpikeMs().toString()));
            lines.add(new Line("accept latency after the spike p50/p95/p99/max ms", f.acceptAfterSpikeMs().toString()));
        }
        lines.add(new Line("completion latency p50/p95/p99/max ms", f.completionMs().toString()));
        return lines;
    }
}
