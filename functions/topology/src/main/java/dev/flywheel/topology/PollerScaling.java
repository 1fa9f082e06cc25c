package dev.flywheel.topology;

/**
 * How an SQS event-source mapping scales, one of Lambda's two modes (they exclude each other: AWS refuses a
 * mapping with both {@code ScalingConfig.MaximumConcurrency} and {@code ProvisionedPollerConfig}).
 *
 * <ul>
 *   <li>{@link Standard}: Lambda's own pollers. With backlog it starts 5 concurrent batches, adds up to 300 a
 *   minute, up to the mapping's maximum concurrency; nothing is billed while the queue is idle.</li>
 *   <li>{@link Provisioned} (since November 2025): dedicated event pollers between a minimum and a maximum. Each
 *   poller drives up to {@value #INVOCATIONS_PER_POLLER} concurrent invocations (about 1 MB/s); the minimum polls
 *   from the start, so a spike finds {@code minimum × 10} concurrency at once; it adds up to 1,000 concurrent
 *   executions a minute; the minimum pollers are billed while idle (event poller units, see the price table).</li>
 * </ul>
 * Figures: the Lambda developer guide's "Configuring scaling behavior for SQS event source mappings" and the
 * ProvisionedPollerConfig API reference (docs/design.md §4).
 */
public sealed interface PollerScaling {
    /** Concurrent invocations one provisioned event poller drives at most. */
    int INVOCATIONS_PER_POLLER = 10;

    /** The most concurrent invocations of the function this mapping can drive. */
    int ceiling();

    /** Concurrent batches the mapping starts with when backlog appears. */
    int initial();

    /** Concurrent executions the mapping may add per minute while every batch is busy and backlog remains. */
    int addedPerMinute();

    /** Concurrency kept ready even when the queue is empty: pollers that are paid for keep polling. */
    int floor();

    /** "standard, maximum concurrency 20" or "provisioned, 2..20 pollers": for the dashboard and the CLI. */
    String describe();

    /** @param maximumConcurrency 2..1,000 concurrent batches ({@code ScalingConfig.MaximumConcurrency}) */
    record Standard(int maximumConcurrency) implements PollerScaling {
        static final int INITIAL = 5, PER_MINUTE = 300;

        @Override public int ceiling() { return maximumConcurrency; }
        @Override public int initial() { return Math.min(INITIAL, maximumConcurrency); }
        @Override public int addedPerMinute() { return PER_MINUTE; }
        @Override public int floor() { return 0; }
        @Override public String describe() { return "standard, maximum concurrency " + maximumConcurrency; }
    }

    /**
     * @param minimumPollers 2..200, polling from the start and billed while idle
     * @param maximumPollers 2..2,000 and at least the minimum
     */
    record Provisioned(int minimumPollers, int maximumPollers) implements PollerScaling {
        static final int PER_MINUTE = 1000;

        @Override public int ceiling() { return maximumPollers * INVOCATIONS_PER_POLLER; }
        @Override public int initial() { return minimumPollers * INVOCATIONS_PER_POLLER; }
        @Override public int addedPerMinute() { return PER_MINUTE; }
        @Override public int floor() { return initial(); }
        @Override public String describe() { return "provisioned, " + minimumPollers + ".." + maximumPollers + " pollers"; }

        /** Pollers needed for a concurrency, within the minimum and maximum. */
        public int pollersFor(double concurrency) {
            int needed = (int) Math.ceil(concurrency / INVOCATIONS_PER_POLLER);
            return Math.max(minimumPollers, Math.min(maximumPollers, needed));
        }
    }

}
