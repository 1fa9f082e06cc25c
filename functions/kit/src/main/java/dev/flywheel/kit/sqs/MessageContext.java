package dev.flywheel.kit.sqs;

import dev.flywheel.kit.envelope.Envelope;
import dev.flywheel.kit.envelope.Hop;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a handler may do besides its own writes: publish messages caused by the one it handles. They are
 * sent after the whole batch, in SendMessageBatch calls; if a send fails, the causing message fails too
 * and comes again (its effects are idempotent, so the retry only re-sends).
 */
public final class MessageContext {
    private final String service;
    private final Envelope message;
    private final Instant receivedAt;
    private final int receiveCount;
    private final Clock clock;
    private final List<Outgoing> outgoing = new ArrayList<>();

    MessageContext(String service, Envelope message, Instant receivedAt, int receiveCount, Clock clock) {
        this.service = service;
        this.message = message;
        this.receivedAt = receivedAt;
        this.receiveCount = receiveCount;
        this.clock = clock;
    }

    /** Queues a message of {@code type} caused by the current one; its hops end with this service's. */
    public Envelope publish(String queueUrl, String type, Object data) {
        Envelope next = message.next(type, data, hopSoFar());
        outgoing.add(Outgoing.to(queueUrl, next));
        return next;
    }

    /** This service's hop, finishing now: what a handler stores as the path of an order. */
    public Hop hopSoFar() {
        return Hop.ofThisInvocation(service, receivedAt, clock.instant());
    }

    /** How many times SQS has delivered this message (1 on the first delivery). */
    public int receiveCount() { return receiveCount; }

    List<Outgoing> outgoing() { return outgoing; }
}
