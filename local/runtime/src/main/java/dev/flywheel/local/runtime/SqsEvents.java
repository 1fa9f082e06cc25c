package dev.flywheel.local.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Builds the SQS event that Lambda's event-source mapping hands a function: {@code {"Records":[...]}} with
 * messageId, receiptHandle, body, attributes (ApproximateReceiveCount, SentTimestamp, ... and the FIFO ones),
 * messageAttributes in Lambda's shape, md5OfBody, eventSource, eventSourceARN and awsRegion.
 */
public final class SqsEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] EVENT_START = "{\"Records\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EVENT_END = "]}".getBytes(StandardCharsets.UTF_8);

    private SqsEvents() {}

    /** The event for {@code messages}, in one go (tools and tests; the event source builds it from {@link #record}s). */
    public static byte[] event(List<Message> messages, String queueArn, String region) {
        return event(messages.stream().map(m -> record(m, queueArn, region)).toList());
    }

    /** The length of the event that {@code records} records of {@code recordBytes} in all make. */
    public static long eventBytes(int records, long recordBytes) {
        return EVENT_START.length + EVENT_END.length + recordBytes + Math.max(0, records - 1);
    }

    /** {@code {"Records":[...]}} around records already encoded by {@link #record}, as they are. */
    public static byte[] event(List<byte[]> records) {
        long recordBytes = 0;
        for (byte[] r : records) recordBytes += r.length;
        ByteBuffer event = ByteBuffer.allocate(Math.toIntExact(eventBytes(records.size(), recordBytes))).put(EVENT_START);
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) event.put((byte) ',');
            event.put(records.get(i));
        }
        return event.put(EVENT_END).array();
    }

    /**
     * One message's record, encoded once: its length is the message's share of the event (the 6 MB cut), and its
     * bytes go into the event unchanged.
     */
    public static byte[] record(Message m, String queueArn, String region) {
        ObjectNode r = JSON.createObjectNode();
        r.put("messageId", m.messageId());
        r.put("receiptHandle", m.receiptHandle());
        r.put("body", m.body());
        ObjectNode attributes = r.putObject("attributes");
        for (Map.Entry<MessageSystemAttributeName, String> a : m.attributes().entrySet()) {
            attributes.put(a.getKey().toString(), a.getValue());
        }
        ObjectNode messageAttributes = r.putObject("messageAttributes");
        for (Map.Entry<String, MessageAttributeValue> a : m.messageAttributes().entrySet()) {
            ObjectNode v = messageAttributes.putObject(a.getKey());
            if (a.getValue().stringValue() != null) v.put("stringValue", a.getValue().stringValue());
            if (a.getValue().binaryValue() != null) v.put("binaryValue", Base64.getEncoder().encodeToString(a.getValue().binaryValue().asByteArray()));
            v.putArray("stringListValues");
            v.putArray("binaryListValues");
            v.put("dataType", a.getValue().dataType());
        }
        r.put("md5OfBody", m.md5OfBody());
        r.put("eventSource", "aws:sqs");
        r.put("eventSourceARN", queueArn);
        r.put("awsRegion", region);
        try {
            return JSON.writeValueAsBytes(r);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
