package dev.flywheel.topology;

/**
 * An SQS event-source mapping: which queue feeds which function, and how.
 * Partial batch responses ({@code ReportBatchItemFailures}) are always on: the kit reports failures per message.
 *
 * @param batchSize              1..10,000 (standard), 1..10 (FIFO); above 10 needs a batching window ≥ 1 s
 * @param batchingWindowSeconds  0..300
 * @param maximumConcurrency     2..1,000 concurrent batches for this mapping
 */
public record TriggerSpec(String function, String queue, int batchSize, int batchingWindowSeconds, int maximumConcurrency) {}
