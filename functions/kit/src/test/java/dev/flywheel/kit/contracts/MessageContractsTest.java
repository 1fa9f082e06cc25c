package dev.flywheel.kit.contracts;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.kit.http.JsonBodies;
import dev.flywheel.kit.json.Json;
import dev.flywheel.kit.testing.Contracts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every envelope in the SQS fixtures matches events/schemas/messages: the envelope, and its data by type. */
class MessageContractsTest {
    private static final JsonBodies ENVELOPE = JsonBodies.forSchema("messages/envelope");

    @ParameterizedTest
    @ValueSource(strings = {"orders/sqs-order-placed.json", "orders/sqs-order-events.json", "orders/sqs-ten-orders-placed.json",
            "inventory/sqs-reserve-stock.json", "inventory/sqs-release-stock.json", "payments/sqs-capture-payment.json"})
    void fixturesFollowTheMessageSchemas(String fixture) throws Exception {
        SQSEvent event = EventLoader.loadSQSEvent(fixture);
        assertTrue(event.getRecords().size() >= 1);
        for (SQSEvent.SQSMessage record : event.getRecords()) {
            JsonNode envelope = Json.tree(record.getBody());
            assertEquals(List.of(), ENVELOPE.validate(envelope), fixture);
            String type = envelope.get("type").asText();
            assertEquals(List.of(), Contracts.schemaOf(type).validate(envelope.get("data")), fixture + " " + type);
            assertEquals(type, record.getMessageAttributes().get("type").getStringValue(), "the type attribute matches the body");
        }
    }
}
