package dev.flywheel.kit.sqs;

import dev.flywheel.kit.envelope.Envelope;

/**
 * The business step for one message. It must be idempotent: delivery is at least once, and a message whose
 * batch partly failed, or whose outgoing messages could not be sent, comes again. Throw
 * {@link PoisonMessageException} for a message that can never succeed, {@link RetryLaterException} to come
 * back after a chosen delay; any other exception fails the message until the visibility timeout.
 */
@FunctionalInterface
public interface MessageHandler {
    void handle(Envelope message, MessageContext context) throws Exception;
}
