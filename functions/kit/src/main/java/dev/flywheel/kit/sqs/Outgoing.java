package dev.flywheel.kit.sqs;

import dev.flywheel.kit.envelope.Envelope;

/** A message to send: the envelope, its queue, and for a FIFO queue its message group. */
public record Outgoing(String queueUrl, Envelope envelope, String groupId) {
    public static Outgoing to(String queueUrl, Envelope envelope) { return new Outgoing(queueUrl, envelope, null); }
}
