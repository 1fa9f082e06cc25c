package dev.flywheel.orders.adapters;

import dev.flywheel.kit.envelope.Hop;
import dev.flywheel.kit.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The orders table's form of the hops: exact to the microsecond, with or without trace ids, and smaller. */
class HopsAttributeTest {
    private static final Instant T = Instant.parse("2026-12-05T12:04:50.903123Z");
    private static final List<Hop> CONFIRMED_PATH = List.of(
            new Hop("orders-api", T, T.plusNanos(9_120_000), "1-6b13fd76-adf9ced9f1cd4c739dcff6cc"),
            new Hop("orders-worker", T.plusMillis(27), T.plusMillis(38), "1-6b13fd76-96e242b3046e4eb08de2b5fb"),
            new Hop("inventory-worker", T.plusMillis(53), T.plusMillis(74), "1-6b13fd76-ac76d74009ed474f8d8f7133"),
            new Hop("payments-worker", T.plusMillis(86), T.plusMillis(116), "1-6b13fd76-0b5c3e7a9d1f4e2a8c6b5d4e"),
            new Hop("orders-worker", T.plusMillis(120), T.plusMillis(124), "1-6b13fd76-5a4b3c2d1e0f9a8b7c6d5e4f"));

    @Test
    void aPathRoundTripsExactlyWithItsTraceIds() {
        String stored = HopsAttribute.encode(CONFIRMED_PATH);
        assertEquals(CONFIRMED_PATH, HopsAttribute.decode(stored));
        assertTrue(stored.startsWith("[[\"orders-api\",1796472290903123,9120,\"1-6b13fd76-adf9ced9f1cd4c739dcff6cc\"],"), stored);
    }

    @Test
    void hopsWithoutATraceStayWithoutOne() {
        List<Hop> untraced = List.of(new Hop("orders-api", T, T.plusMillis(4)));
        assertEquals("[[\"orders-api\",1796472290903123,4000]]", HopsAttribute.encode(untraced));
        assertEquals(untraced, HopsAttribute.decode(HopsAttribute.encode(untraced)));
        assertEquals(List.of(), HopsAttribute.decode(HopsAttribute.encode(List.of())));
    }

    @Test
    void itemsWrittenInTheEnvelopesObjectFormStillRead() {
        List<Hop> older = List.of(new Hop("orders-api", T, T.plusMillis(4)), new Hop("orders-worker", T.plusMillis(20), T.plusMillis(31)));
        assertEquals(older, HopsAttribute.decode(Json.write(older)));
    }

    /** Why the form exists: a confirmed order's five traced hops cost less than five untraced ones did as objects. */
    @Test
    void fiveTracedHopsTakeLessThanFiveUntracedObjects() {
        List<Hop> untraced = CONFIRMED_PATH.stream().map(h -> new Hop(h.service(), h.receivedAt(), h.finishedAt())).toList();
        int compact = bytes(HopsAttribute.encode(CONFIRMED_PATH));
        int objectsWithTraces = bytes(Json.write(CONFIRMED_PATH));
        int objectsBefore = bytes(Json.write(untraced));
        // by hand: an object hop is 98 bytes + its service name (12-18 bytes quoted) + 48 for ',"traceId":"1-…"'; five of
        // them with brackets and commas: 573 bytes without traces, 813 with; the compact hops are 74-81 bytes each: 396
        assertEquals(573, objectsBefore);
        assertEquals(813, objectsWithTraces);
        assertEquals(396, compact);
    }

    @Test
    void aCorruptAttributeIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> HopsAttribute.decode("{\"not\":\"hops\"}"));
        assertTrue(e.getMessage().contains("hops"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> HopsAttribute.decode("[[\"orders-api\",\"yesterday\""));
    }

    private static int bytes(String s) { return s.getBytes(StandardCharsets.UTF_8).length; }
}
