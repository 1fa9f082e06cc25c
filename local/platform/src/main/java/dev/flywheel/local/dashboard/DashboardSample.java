package dev.flywheel.local.dashboard;

import dev.flywheel.local.runtime.FunctionStats;
import dev.flywheel.local.runtime.RecentDurations;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One second of the platform as the dashboard draws it (and the load report's charts): every function, every
 * fed queue and the API. Serialized as it is: the shape is the contract with {@code dashboard/app.js}.
 *
 * @param t milliseconds since the epoch
 */
public record DashboardSample(long t, Map<String, FunctionSample> functions, Map<String, QueueSample> queues, ApiSample api) {

    /** @param p50 p95, p99: durations of the invocations finished in this second (ms), null when there were none */
    public record FunctionSample(int instances, int busy, long coldStarts, long invocations, long errors, long timeouts, long throttles,
                                 Double p50, Double p95, Double p99, long maxMemoryMb, int provisioned, int nice) {
        static FunctionSample of(FunctionStats s, Optional<RecentDurations.Percentiles> recent, int nice) {
            return new FunctionSample(s.instances(), s.busy(), s.coldStarts(), s.invocations(), s.errors(), s.timeouts(), s.throttles(),
                    recent.map(RecentDurations.Percentiles::p50).orElse(null), recent.map(RecentDurations.Percentiles::p95).orElse(null),
                    recent.map(RecentDurations.Percentiles::p99).orElse(null), s.maxMemoryMb(), s.provisioned(), nice);
        }
    }

    /**
     * @param oldestAgeSeconds estimated from the last batch taken: SQS has no "age of the oldest message" attribute
     *                         (CloudWatch derives it)
     * @param mode             how its event-source mapping scales: "standard, maximum concurrency 20" or "provisioned, 2..20 pollers"
     */
    public record QueueSample(long visible, long inFlight, double oldestAgeSeconds, long dlq, int pollers, String mode) {}

    /** The front door's counters (the dashboard knows no gateway: the gateway serves the dashboard). */
    public record ApiSample(long requests, long throttled, long unauthorized, long errors5xx) {}

    /** Fills a sample as the platform's ticker reads it: queues as they are polled, then functions, then the API. */
    public static final class Builder {
        private final long t;
        private final Map<String, FunctionSample> functions = new LinkedHashMap<>();
        private final Map<String, QueueSample> queues = new LinkedHashMap<>();

        public Builder(long t) { this.t = t; }

        /** @param oldestSentAt when the oldest message of the last batch taken was sent (ms), 0 if unknown */
        public Builder queue(String name, long visible, long inFlight, long oldestSentAt, long dlq, int pollers, String mode) {
            double age = visible + inFlight == 0 || oldestSentAt == 0 ? 0 : Math.max(0, t - oldestSentAt) / 1000.0;
            queues.put(name, new QueueSample(visible, inFlight, age, dlq, pollers, mode));
            return this;
        }

        public Builder function(FunctionStats stats, Optional<RecentDurations.Percentiles> recentDurations, int nice) {
            functions.put(stats.function(), FunctionSample.of(stats, recentDurations, nice));
            return this;
        }

        public DashboardSample build(ApiSample api) {
            return new DashboardSample(t, functions, queues, api);
        }
    }
}
