package dev.flywheel.topology;

/**
 * An SQS event-source mapping: which queue feeds which function, and how.
 * Partial batch responses ({@code ReportBatchItemFailures}) are always on: the kit reports failures per message.
 *
 * @param batchSize              1..10,000 (standard), 1..10 (FIFO); above 10 needs a batching window ≥ 1 s
 * @param batchingWindowSeconds  0..300
 * @param scaling                standard mode (a maximum concurrency) or provisioned mode (minimum and maximum pollers)
 */
public record TriggerSpec(String function, String queue, int batchSize, int batchingWindowSeconds, PollerScaling scaling) {
    /**
     * A mapping named by its parts, so that the topology reads as a table:
     * {@code TriggerSpec.from("orders-intake").to("orders-worker").batchSize(10).maximumConcurrency(20).build()}, or
     * {@code ...provisionedPollers(2, 20)} for provisioned mode. Unset, a mapping takes batches of 10 without a
     * window, in standard mode at most 2 at a time (the lowest maximum AWS allows).
     */
    public static Builder from(String queue) {
        return new Builder(queue);
    }

    /** The same mapping in another scaling mode. */
    public TriggerSpec withScaling(PollerScaling other) {
        return new TriggerSpec(function, queue, batchSize, batchingWindowSeconds, other);
    }

    public static final class Builder {
        private final String queue;
        private String function;
        private int batchSize = 10, batchingWindowSeconds = 0;
        private Integer maximumConcurrency;
        private PollerScaling.Provisioned provisioned;

        private Builder(String queue) { this.queue = queue; }

        public Builder to(String function) { this.function = function; return this; }

        public Builder batchSize(int messages) { this.batchSize = messages; return this; }

        public Builder batchingWindowSeconds(int seconds) { this.batchingWindowSeconds = seconds; return this; }

        /** Standard mode, at most this many concurrent batches. */
        public Builder maximumConcurrency(int batches) { this.maximumConcurrency = batches; return this; }

        /** Provisioned mode: this many event pollers at least (polling and billed from the start), this many at most. */
        public Builder provisionedPollers(int minimum, int maximum) { this.provisioned = new PollerScaling.Provisioned(minimum, maximum); return this; }

        public TriggerSpec build() {
            if (function == null) throw new IllegalStateException("trigger from " + queue + ": name the function it feeds with to(...)");
            if (maximumConcurrency != null && provisioned != null)
                throw new IllegalStateException("trigger from " + queue + ": a maximum concurrency and provisioned pollers exclude each other (AWS refuses both)");
            PollerScaling scaling = provisioned != null ? provisioned : new PollerScaling.Standard(maximumConcurrency == null ? 2 : maximumConcurrency);
            return new TriggerSpec(function, queue, batchSize, batchingWindowSeconds, scaling);
        }
    }
}
