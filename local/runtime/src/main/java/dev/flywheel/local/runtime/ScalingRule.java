package dev.flywheel.local.runtime;

/**
 * Lambda's scaling rule for an SQS event-source mapping (docs/design.md §4), scaled for one machine: with backlog the
 * mapping starts at 5 concurrent batches and adds up to 300 per minute while every batch slot is busy and
 * messages remain, never above the mapping's maximum concurrency; once the queue is empty it falls back to the
 * batches still running (at least one poller keeps listening, as Lambda's pollers do).
 *
 * <p>{@code factor} scales both figures for a laptop: at 0.2 a mapping starts at 1 batch and adds 1 per second
 * (60 per minute), so a ramp that takes a region seconds plays out visibly here.
 */
public final class ScalingRule {
    static final int LAMBDA_INITIAL = 5;
    static final int LAMBDA_PER_MINUTE = 300;

    private final int initial;
    private final double perSecond;
    private final int maximum;
    private double credit; // fractional growth carried between ticks

    public ScalingRule(double factor, int maximum) {
        if (factor <= 0) throw new IllegalArgumentException("scaling factor must be > 0");
        if (maximum < 1) throw new IllegalArgumentException("maximum concurrency must be >= 1");
        this.initial = Math.min(maximum, Math.max(1, (int) Math.round(LAMBDA_INITIAL * factor)));
        this.perSecond = LAMBDA_PER_MINUTE * factor / 60.0;
        this.maximum = maximum;
    }

    public int initial() { return initial; }

    public int maximum() { return maximum; }

    /**
     * The concurrency for the next interval.
     *
     * @param current  concurrent batch slots now
     * @param busy     slots that were invoking the function
     * @param backlog  messages visible in the queue
     * @param seconds  length of the interval since the last call
     */
    public synchronized int next(int current, int busy, long backlog, double seconds) {
        if (backlog <= 0) {
            credit = 0;
            return Math.max(1, Math.min(current, busy));
        }
        if (current < initial) return initial;
        if (busy < current) return current; // slots to spare: no reason to add more
        credit += perSecond * seconds;
        int add = (int) credit;
        credit -= add;
        return Math.min(maximum, current + add);
    }
}
