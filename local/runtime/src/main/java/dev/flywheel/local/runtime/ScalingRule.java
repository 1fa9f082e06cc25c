package dev.flywheel.local.runtime;

import dev.flywheel.topology.PollerScaling;

/**
 * Lambda's scaling rule for an SQS event-source mapping (docs/design.md §4), in either mode, scaled for one
 * machine. With backlog the mapping starts at its initial concurrency and adds up to its rate per minute while
 * every batch slot is busy and messages remain, never above its ceiling; once the queue is empty it falls back to
 * the batches still running, but never below its floor.
 * <ul>
 *   <li>standard mode: initial 5, +300 a minute, ceiling the maximum concurrency, floor one poller (Lambda's own
 *   pollers keep listening, billed to nobody);</li>
 *   <li>provisioned mode: initial and floor the minimum pollers × 10 invocations (they poll from the start and
 *   are paid for), +1,000 a minute, ceiling the maximum pollers × 10.</li>
 * </ul>
 *
 * <p>{@code factor} scales the initial concurrency, the floor and the rate alike for a laptop: at 0.2 a standard
 * mapping starts at 1 batch and adds 1 per second (60 per minute), a provisioned one with 2 minimum pollers starts
 * (and stays) at 4 and adds 3⅓ per second, so a ramp that takes a region seconds plays out visibly here. The ceiling
 * is not scaled: it is cut to the machine's limit instead.
 */
public final class ScalingRule {
    private final int initial;
    private final int floor;
    private final double perSecond;
    private final int maximum;
    private double credit; // fractional growth carried between ticks

    /** @param machineMaximum the most batches this machine lets one mapping run (the platform's --max-concurrency) */
    public ScalingRule(double factor, PollerScaling scaling, int machineMaximum) {
        if (factor <= 0) throw new IllegalArgumentException("scaling factor must be > 0");
        this.maximum = Math.min(scaling.ceiling(), machineMaximum);
        if (maximum < 1) throw new IllegalArgumentException("maximum concurrency must be >= 1");
        this.initial = scaled(scaling.initial(), factor);
        this.floor = scaling.floor() > 0 ? scaled(scaling.floor(), factor) : 1;
        this.perSecond = scaling.addedPerMinute() * factor / 60.0;
    }

    /** Standard mode with this maximum concurrency. */
    public ScalingRule(double factor, int maximum) {
        this(factor, new PollerScaling.Standard(maximum), maximum);
    }

    private int scaled(int figure, double factor) {
        return Math.min(maximum, Math.max(1, (int) Math.round(figure * factor)));
    }

    public int initial() { return initial; }

    /** Batch slots that poll even when the queue is empty (started with the mapping). */
    public int floor() { return floor; }

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
            return Math.max(floor, Math.min(current, busy));
        }
        if (current < initial) return initial;
        if (busy < current) return Math.max(floor, current); // slots to spare: no reason to add more
        credit += perSecond * seconds;
        int add = (int) credit;
        credit -= add;
        return Math.min(maximum, current + add);
    }
}
