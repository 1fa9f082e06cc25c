package dev.flywheel.kit.sqs;

import dev.flywheel.kit.envelope.Envelope;

import java.util.List;

/**
 * A look at a whole batch before its messages are handled one by one, to do the work of several in one request
 * (inventory reserves a batch's stock in one transaction). It is an optimization only: whatever it leaves undone,
 * or if it throws, each message's handler does on its own, so it must not publish or decide a message's fate. Not
 * called for FIFO queues, where messages are handled in order.
 */
@FunctionalInterface
public interface BatchPreparation {
    BatchPreparation NONE = messages -> {};

    /** @param messages the batch's decodable messages, in the batch's order */
    void prepare(List<Envelope> messages);
}
