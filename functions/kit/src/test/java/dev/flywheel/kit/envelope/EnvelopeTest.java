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

    /**
     * A hop names the X-Ray trace of the invocation that made it when there is one (on Lambda, and under the local
     * runtime), and leaves the field out when there is none; hops written before they carried it still read.
     */
    @Test
    void aHopCarriesItsInvocationsTraceIdWhenThereIsOne() throws JsonProcessingException {
        Instant t = Instant.parse("2026-11-22T05:30:00.100Z");
        String traceId = "1-6b118df8-2950cc564bc4484d9e59d035";
        Hop traced;
        try {
            System.setProperty("com.amazonaws.xray.traceHeader", "Root=" + traceId + ";Parent=53995c3f42cd8ad8;Sampled=0");
            traced = Hop.ofThisInvocation("orders-api", t, t.plusMillis(5));
        } finally {
            System.clearProperty("com.amazonaws.xray.traceHeader");
        }
        Hop untraced = Hop.ofThisInvocation("orders-api", t, t.plusMillis(5));

        assertEquals(traceId, traced.traceId());
        assertTrue(Json.write(traced).contains("\"traceId\":\"" + traceId + "\""));
        assertEquals(null, untraced.traceId());
        assertEquals("{\"service\":\"orders-api\",\"receivedAt\":\"2026-11-22T05:30:00.100Z\",\"finishedAt\":\"2026-11-22T05:30:00.105Z\"}",
                Json.write(untraced), "no trace, no field: an order item does not grow by it");
        Hop older = Json.read("{\"service\":\"orders-api\",\"receivedAt\":\"2026-11-22T05:30:00.100Z\",\"finishedAt\":\"2026-11-22T05:30:00.105Z\"}", Hop.class);
        assertEquals(untraced, older);
        assertEquals(traced, Json.read(Json.write(traced), Hop.class));
    }

    @Test
    void aBodyMissingRequiredFieldsIsRejected() {
        assertThrows(Exception.class, () -> Json.read("{\"id\":\"x\",\"type\":\"T\"}", Envelope.class));
        assertThrows(Exception.class, () -> Json.read("{\"id\":\"x\",\"id\":\"y\"}", Envelope.class), "duplicate keys");
    }
}
