package dev.flywheel.local.load;

/**
 * The offered rate over a run, in requests per second at each second since the start.
 * <ul>
 *   <li>{@code steady}: the base rate throughout;</li>
 *   <li>{@code ramp}: from the base rate up to {@code factor} × base by the end;</li>
 *   <li>{@code spike}: the base rate, then {@code factor} × base (10× by default: the promotion) from
 *       {@code spikeStart} for {@code spikeSeconds}, then the base rate again;</li>
 *   <li>{@code soak}: the base rate for a long time (the default duration is ten minutes).</li>
 * </ul>
 */
public record LoadProfile(Kind kind, double baseRate, int durationSeconds, double factor, int spikeStart, int spikeSeconds) {

    public enum Kind { STEADY, RAMP, SPIKE, SOAK }

    public LoadProfile {
        if (baseRate <= 0) throw new IllegalArgumentException("--rate must be > 0");
        if (durationSeconds < 1) throw new IllegalArgumentException("--duration must be >= 1 s");
        if (factor < 1) throw new IllegalArgumentException("--factor must be >= 1");
    }

    /** The profile with its usual shape for a duration: the spike in the middle third. */
    public static LoadProfile of(Kind kind, double baseRate, Integer durationSeconds, double factor) {
        int duration = durationSeconds != null ? durationSeconds : switch (kind) {
            case STEADY, RAMP -> 60;
            case SPIKE -> 90;
            case SOAK -> 600;
        };
        return new LoadProfile(kind, baseRate, duration, factor, duration / 3, Math.max(1, duration / 3));
    }

    /** Requests per second offered during second {@code t} (0-based). */
    public double rateAt(int t) {
        return switch (kind) {
            case STEADY, SOAK -> baseRate;
            case RAMP -> baseRate * (1 + (factor - 1) * t / Math.max(1.0, durationSeconds - 1));
            case SPIKE -> inSpike(t) ? baseRate * factor : baseRate;
        };
    }

    public boolean inSpike(int t) {
        return kind == Kind.SPIKE && t >= spikeStart && t < spikeStart + spikeSeconds;
    }

    /** Requests the whole run offers (for the progress bar). */
    public long totalRequests() {
        double total = 0;
        for (int t = 0; t < durationSeconds; t++) total += rateAt(t);
        return Math.round(total);
    }
}
