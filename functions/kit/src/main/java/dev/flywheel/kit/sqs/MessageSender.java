package dev.flywheel.kit.sqs;

import java.util.List;

/** Sends messages; the port behind which {@link SqsPublisher} hides SendMessageBatch. */
public interface MessageSender {
    /** @return the messages that could not be sent (empty when all went out) */
    List<Outgoing> send(List<Outgoing> messages);

    /** Sends one message or throws: for an HTTP function that must not answer 202 before it is queued. */
    default void sendOrThrow(Outgoing message) {
        if (!send(List.of(message)).isEmpty()) throw new IllegalStateException("could not send " + message.envelope().type() + " to " + message.queueUrl());
    }
}
