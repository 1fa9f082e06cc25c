package dev.flywheel.kit.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.flywheel.kit.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvelopeTest {
    @Test
    void roundTripsThroughTheCodecWithInstantsAsIsoStrings() throws JsonProcessingException {
        Instant t = Instant.parse("2026-11-22T05:30:00.100Z");
        Envelope first = Envelope.first("OrderPlaced", "corr-1", Map.of("orderId", "o-1"), new Hop("orders-api", t, t.plusMillis(5)));
        Envelope next = first.next("ReserveStock", Map.of("orderId", "o-1"), new Hop("orders-worker", t.plusMillis(20), t.plusMillis(30)));

        String json = Json.write(next);
        Envelope back = Json.read(json, Envelope.class);

        assertEquals(next, back);
        assertTrue(json.contains("\"receivedAt\":\"2026-11-22T05:30:00.120Z\""), json);
        assertEquals(first.id(), back.causationId());
        assertEquals("corr-1", back.correlationId());
        assertEquals(2, back.hops().size());
        assertEquals(10, back.hops().get(1).duration().toMillis());
        assertTrue(Ids.isUlid(back.id()));
    }

    @Test
    void aBodyMissingRequiredFieldsIsRejected() {
        assertThrows(Exception.class, () -> Json.read("{\"id\":\"x\",\"type\":\"T\"}", Envelope.class));
        assertThrows(Exception.class, () -> Json.read("{\"id\":\"x\",\"id\":\"y\"}", Envelope.class), "duplicate keys");
    }
}
