package dev.flywheel.infra;

import dev.flywheel.topology.QueueSpec;
import dev.flywheel.topology.Topology;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every queue of the topology: SQS-managed encryption, TLS enforced, work queues redriven to their DLQ. */
final class MessageQueues {
    private MessageQueues() {}

    static Map<String, Queue> create(Construct scope, Topology topology) {
        Map<String, Queue> queues = new LinkedHashMap<>();
        topology.queues().stream().filter(QueueSpec::isDeadLetterQueue).forEach(q -> queues.put(q.name(), queue(scope, q, null)));
        topology.queues().stream().filter(q -> !q.isDeadLetterQueue()).forEach(q -> queues.put(q.name(), queue(scope, q, queues.get(q.dlq()))));
        return queues;
    }

    private static Queue queue(Construct scope, QueueSpec spec, Queue dlq) {
        Queue.Builder builder = Queue.Builder.create(scope, Names.id(spec.name()) + "Queue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .visibilityTimeout(Duration.seconds(spec.visibilityTimeoutSeconds()))
                .retentionPeriod(Duration.seconds(spec.retentionSeconds()))
                // SQS's current maximum, what the publisher and the local queues allow (a queue made before August 2025 kept 256 KiB)
                .maxMessageSizeBytes(1024 * 1024);
        if (spec.fifo()) builder.fifo(true);
        if (dlq != null) builder.deadLetterQueue(DeadLetterQueue.builder().queue(dlq).maxReceiveCount(spec.maxReceiveCount()).build());
        return builder.build();
    }
}
