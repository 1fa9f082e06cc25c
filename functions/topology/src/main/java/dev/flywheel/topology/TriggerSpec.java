package dev.flywheel.topology;

/**
 * An SQS event-source mapping: which queue feeds which function, and how.
 * Partial batch responses ({@code ReportBatchItemFailures}) are always on: the kit reports failures per message.
 *
 * @param batchSize              1..10,000 (standard), 1..10 (FIFO); above 10 needs a batching window ≥ 1 s
 * @param batchingWindowSeconds  0..300
 * @param maximumConcurrency     2..1,000 concurrent batches for this mapping
 */
public record TriggerSpec(String function, String queue, int batchSize, int batchingWindowSeconds, int maximumConcurrency) {
    /**
     * A mapping named by its parts, so that the topology reads as a table:
     * {@code TriggerSpec.from("orders-intake").to("orders-worker").batchSize(10).maximumConcurrency(20).build()}.
     * Unset, a mapping takes batches of 10 without a window, at most 2 at a time (the lowest maximum AWS allows).
     */
    public static Builder from(String queue) {
        return new Builder(queue);
    }

    public static final class Builder {
        private final String queue;
        private String function;
        private int batchSize = 10, batchingWindowSeconds = 0, maximumConcurrency = 2;

        private Builder(String queue) { this.queue = queue; }

        public Builder to(String function) { this.function = function; return this; }

        public Builder batchSize(int messages) { this.batchSize = messages; return this; }

        public Builder batchingWindowSeconds(int seconds) { this.batchingWindowSeconds = seconds; return this; }

        public Builder maximumConcurrency(int batches) { this.maximumConcurrency = batches; return this; }

        public TriggerSpec build() {
            if (function == null) throw new IllegalStateException("trigger from " + queue + ": name the function it feeds with to(...)");
            return new TriggerSpec(function, queue, batchSize, batchingWindowSeconds, maximumConcurrency);
        }
    }
}
