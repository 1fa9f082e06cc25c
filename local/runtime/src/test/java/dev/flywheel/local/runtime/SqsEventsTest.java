package dev.flywheel.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The SQS event as the event source assembles it from records encoded once, and the size it measures for the 6 MB cut. */
class SqsEventsTest {
    private static final String ARN = "arn:aws:sqs:us-east-1:000000000000:orders-intake";

    private static Message message(String id, String body) {
        return Message.builder().messageId(id).receiptHandle("rh-" + id).body(body).md5OfBody("md5-" + id)
                .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1", MessageSystemAttributeName.SENT_TIMESTAMP, "1796606126728"))
                .messageAttributes(Map.of("correlationId", MessageAttributeValue.builder().dataType("String").stringValue("c-" + id).build()))
                .build();
    }

    @Test
    void anEventOfRecordsIsLambdasShapeWithEveryRecordInOrder() throws Exception {
        List<Message> batch = List.of(message("m1", "{\"type\":\"OrderPlaced\",\"note\":\"\\\"quoted\\\" é ✓\"}"), message("m2", "plain"));
        byte[] event = SqsEvents.event(batch.stream().map(m -> SqsEvents.record(m, ARN, "us-east-1")).toList());

        JsonNode records = new ObjectMapper().readTree(event).get("Records");
        assertEquals(2, records.size());
        for (int i = 0; i < batch.size(); i++) {
            Message m = batch.get(i);
            JsonNode r = records.get(i);
            assertEquals(m.messageId(), r.get("messageId").asText());
            assertEquals(m.receiptHandle(), r.get("receiptHandle").asText());
            assertEquals(m.body(), r.get("body").asText());
            assertEquals("1", r.get("attributes").get("ApproximateReceiveCount").asText());
            assertEquals("1796606126728", r.get("attributes").get("SentTimestamp").asText());
            JsonNode correlation = r.get("messageAttributes").get("correlationId");
            assertEquals("c-" + m.messageId(), correlation.get("stringValue").asText());
            assertEquals("String", correlation.get("dataType").asText());
            assertEquals(0, correlation.get("stringListValues").size());
            assertEquals(m.md5OfBody(), r.get("md5OfBody").asText());
            assertEquals("aws:sqs", r.get("eventSource").asText());
            assertEquals(ARN, r.get("eventSourceARN").asText());
            assertEquals("us-east-1", r.get("awsRegion").asText());
        }
    }

    @Test
    void theMeasuredSizeIsTheEventsLengthInBytes() {
        List<byte[]> records = List.of(SqsEvents.record(message("m1", "é".repeat(1000)), ARN, "us-east-1"),
                SqsEvents.record(message("m2", "x"), ARN, "us-east-1"), SqsEvents.record(message("m3", ""), ARN, "us-east-1"));
        for (int n = 0; n <= records.size(); n++) {
            List<byte[]> some = records.subList(0, n);
            long recordBytes = some.stream().mapToLong(r -> r.length).sum();
            assertEquals(SqsEvents.event(some).length, SqsEvents.eventBytes(n, recordBytes), n + " records");
        }
        assertEquals("{\"Records\":[]}", new String(SqsEvents.event(List.of())));
    }
}
