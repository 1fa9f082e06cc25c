package dev.flywheel.kit.sqs;

import dev.flywheel.kit.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchEntryIdsNotDistinctException;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends envelopes with SendMessageBatch: up to 10 per call and 1 MiB per call, grouped by queue (SQS's limits since
 * August 2025, for one message and for a batch alike; they were 256 KiB; a message's size is its body and its
 * attributes' names, types and values, as SQS counts it). The
 * correlation id and the message type travel as message attributes too, so that tools reading a queue (or a
 * DLQ) can follow an order without parsing bodies. Entries that SQS reports as failed are retried once.
 */
public final class SqsPublisher implements MessageSender {
    static final int MAX_ENTRIES = 10;
    /** SQS's maximum payload of one message, and of one SendMessageBatch (the sum of its messages). */
    public static final int MAX_MESSAGE_BYTES = 1024 * 1024;
    static final int MAX_BATCH_BYTES = MAX_MESSAGE_BYTES;
    private static final Logger log = LoggerFactory.getLogger(SqsPublisher.class);

    private final SqsClient sqs;

    public SqsPublisher(SqsClient sqs) { this.sqs = sqs; }

    /** An outgoing message with its body, encoded once (for the size cut and for the request). */
    record Encoded(Outgoing message, String body) {
        static Encoded of(Outgoing message) { return new Encoded(message, Json.write(message.envelope())); }

        /** As SQS counts a message against its limit: the body, and each attribute's name, data type and value. */
        int bytes() {
            int attributes = 0;
            for (Map.Entry<String, String> a : attributes(message).entrySet()) attributes += utf8(a.getKey()) + utf8("String") + utf8(a.getValue());
            return utf8(body) + attributes;
        }

        private static int utf8(String s) { return s.getBytes(StandardCharsets.UTF_8).length; }
    }

    @Override
    public List<Outgoing> send(List<Outgoing> messages) {
        Map<String, List<Encoded>> byQueue = new LinkedHashMap<>();
        for (Outgoing m : messages) byQueue.computeIfAbsent(m.queueUrl(), q -> new ArrayList<>()).add(Encoded.of(m));
        List<Outgoing> failed = new ArrayList<>();
        byQueue.forEach((queueUrl, queued) -> {
            for (List<Encoded> chunk : chunks(queued)) {
                List<Encoded> unsent = trySend(queueUrl, chunk);
                if (!unsent.isEmpty()) unsent = trySend(queueUrl, unsent);
                unsent.forEach(e -> failed.add(e.message()));
            }
        });
        return failed;
    }

    /**
     * Priming only: {@code message} encoded and sent as {@link #send} would, in a batch that SQS refuses whole (its
     * two entries share one id), so that nothing is queued while the request's encoding, signing and answer run once
     * before the first real message.
     */
    public void rehearse(Outgoing message) {
        SendMessageBatchRequestEntry entry = entry("0", Encoded.of(message));
        try {
            sqs.sendMessageBatch(b -> b.queueUrl(message.queueUrl()).entries(entry, entry));
        } catch (BatchEntryIdsNotDistinctException expected) {
            // the rehearsal's answer: nothing sent
        }
    }

    private List<Encoded> trySend(String queueUrl, List<Encoded> chunk) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) entries.add(entry(Integer.toString(i), chunk.get(i)));
        try {
            SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            List<Encoded> failed = new ArrayList<>();
            response.failed().forEach(f -> {
                log.warn("SQS refused message to {}: {} {}", queueUrl, f.code(), f.message());
                failed.add(chunk.get(Integer.parseInt(f.id())));
            });
            return failed;
        } catch (SdkException e) {
            log.warn("SendMessageBatch to {} failed: {}", queueUrl, e.toString());
            return chunk;
        }
    }

    private static SendMessageBatchRequestEntry entry(String id, Encoded encoded) {
        Outgoing m = encoded.message();
        SendMessageBatchRequestEntry.Builder b = SendMessageBatchRequestEntry.builder()
                .id(id)
                .messageBody(encoded.body())
                .messageAttributes(attributes(m).entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                        a -> stringAttribute(a.getValue()))));
        if (m.groupId() != null) b.messageGroupId(m.groupId()).messageDeduplicationId(m.envelope().id());
        return b.build();
    }

    /** The string attributes every message carries, so that tools reading a queue follow an order without its body. */
    static Map<String, String> attributes(Outgoing m) {
        return Map.of("correlationId", m.envelope().correlationId(), "type", m.envelope().type());
    }

    private static MessageAttributeValue stringAttribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    static List<List<Encoded>> chunks(List<Encoded> messages) {
        List<List<Encoded>> chunks = new ArrayList<>();
        List<Encoded> current = new ArrayList<>();
        int bytes = 0;
        for (Encoded m : messages) {
            int size = m.bytes();
            if (size > MAX_BATCH_BYTES) throw new IllegalArgumentException("message " + m.message().envelope().id() + " is " + size + " bytes with its attributes, over SQS's "
                    + MAX_MESSAGE_BYTES + " (1 MiB)");
            if (current.size() == MAX_ENTRIES || bytes + size > MAX_BATCH_BYTES) {
                chunks.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(m);
            bytes += size;
        }
        if (!current.isEmpty()) chunks.add(current);
        return chunks;
    }
}
