package dev.flywheel.topology;

/**
 * An SQS queue. Every work queue has a dead-letter queue; a DLQ has none ({@code dlq} is null).
 *
 * @param visibilityTimeoutSeconds at least 6 × the consumer's timeout (AWS's advice for Lambda triggers)
 * @param maxReceiveCount receives before SQS moves a message to the DLQ
 */
public record QueueSpec(String name, boolean fifo, int visibilityTimeoutSeconds, String dlq, int maxReceiveCount,
                        int retentionSeconds) {
    public QueueSpec {
        if (fifo != name.endsWith(".fifo")) throw new IllegalArgumentException(name + ": a FIFO queue's name ends in .fifo, and only a FIFO queue's");
        if (visibilityTimeoutSeconds < 0 || visibilityTimeoutSeconds > 43_200) throw new IllegalArgumentException(name + ": visibility timeout 0..43200 s");
    }

    public boolean isDeadLetterQueue() { return dlq == null; }
}
