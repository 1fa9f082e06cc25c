package dev.flywheel.local;

import dev.flywheel.local.provision.Resources;
import dev.flywheel.topology.QueueSpec;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The depths of a mapping's queue and of its DLQ, as the platform's tick reads them for scaling and the dashboard.
 * A busy queue is asked every tick. A quiet one ({@link dev.flywheel.local.runtime.SqsEventSource#quietFor}: its
 * pollers wait in a long poll, so nothing in it is visible) is asked every {@link #QUIET_EVERY}th tick and keeps its
 * last answer in between, so an idle platform asks SQS a tenth as often (the standard topology: eight
 * GetQueueAttributes calls every ten seconds instead of eight a second). What a quiet queue's last answer can miss
 * for those seconds is what changes without a message received: a message in flight whose visibility timeout ends,
 * or that moves to the DLQ on its next receive, and whatever another client does to the queues.
 */
final class QueueDepths {
    /** Quiet: no message received for this long, and no batch in a function. */
    static final Duration QUIET = Duration.ofSeconds(5);
    static final int QUIET_EVERY = 10;

    record Depth(long visible, long inFlight, long dlq) {}

    private final SqsClient sqs;
    private final Resources resources;
    private final Map<String, Depth> last = new HashMap<>();
    private long ticks;

    QueueDepths(SqsClient sqs, Resources resources) {
        this.sqs = sqs;
        this.resources = resources;
    }

    /** Called once a tick, before {@link #of}: every queue is asked on the first tick and every QUIET_EVERY-th. */
    void nextTick() {
        ticks++;
    }

    /** @param quiet whether the queue's mapping is quiet ({@code source.quietFor(QUIET)}) */
    Depth of(QueueSpec queue, boolean quiet) {
        Depth known = last.get(queue.name());
        if (known != null && quiet && ticks % QUIET_EVERY != 1) return known;
        Map<QueueAttributeName, String> attrs = attributes(queue.name());
        long dlq = queue.dlq() == null ? 0 : number(attributes(queue.dlq()), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        Depth depth = new Depth(number(attrs, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
                number(attrs, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE), dlq);
        last.put(queue.name(), depth);
        return depth;
    }

    private Map<QueueAttributeName, String> attributes(String queue) {
        return sqs.getQueueAttributes(b -> b.queueUrl(resources.queueUrl(queue)).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
    }

    private static long number(Map<QueueAttributeName, String> attrs, QueueAttributeName name) {
        String v = attrs.get(name);
        return v == null ? 0 : Long.parseLong(v);
    }
}
