package dev.flywheel.local.runtime;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.Optional;

/**
 * A function's invocation durations since the platform's sampler last looked, as the dashboard draws them once a
 * second: many recorders (every environment's invocations), one reader. Kept to two significant digits: the
 * dashboard's percentiles need no more, and with three the histogram's arrays are eight times larger, which the
 * reader clears and reads through for every function every second (C1: 1.2-1.3 ms a function against 0.2 ms).
 */
public final class RecentDurations {
    /** Percentiles of the durations (ms). */
    public record Percentiles(double p50, double p95, double p99) {}

    private final Recorder recorder = new Recorder(2);
    /** The reader's previous interval, handed back to the recorder to be reused rather than a new one each second. */
    private Histogram lastInterval;

    public void record(double ms) {
        recorder.recordValue(Math.max(1, Math.round(ms * 1000))); // microseconds
    }

    /** The percentiles of the durations recorded since the last call, or nothing if there were none. */
    public synchronized Optional<Percentiles> take() {
        lastInterval = recorder.getIntervalHistogram(lastInterval);
        if (lastInterval.getTotalCount() == 0) return Optional.empty();
        return Optional.of(new Percentiles(ms(50), ms(95), ms(99)));
    }

    private double ms(double percentile) {
        return lastInterval.getValueAtPercentile(percentile) / 1000.0;
    }
}
