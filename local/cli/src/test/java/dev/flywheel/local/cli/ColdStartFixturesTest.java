package dev.flywheel.local.cli;

import dev.flywheel.local.runtime.InvocationResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColdStartFixturesTest {
    /** The repository's fixtures, from this module's directory (where Surefire runs). */
    private static final Path EVENTS = Path.of("../../events");
    private static final String ORDER = "01KAQ3Z5M8N2P4R6T8V0W2X4Y6";
    private static final Pattern FIXTURE_ID = Pattern.compile("01KAQ3Z5M8N2P4R6T8V0W2X4[0-9A-Z]{2}");
    private static final Pattern ULID = Pattern.compile("\"orderId\\\\\":\\\\\"([0-9A-HJKMNP-TV-Z]{26})\\\\\"");

    @Test
    void aQueueBatchGetsANewOrderEveryRunAndKeepsItsIdsConsistent() throws IOException {
        byte[] fixture = Files.readAllBytes(EVENTS.resolve("inventory/sqs-reserve-stock.json"));
        String first = new String(ColdStartFixtures.forRun(fixture), StandardCharsets.UTF_8);
        String second = new String(ColdStartFixtures.forRun(fixture), StandardCharsets.UTF_8);

        assertFalse(first.contains("01KAQ3Z5M8N2P4R6T8V0W2X4"), "no fixture id is left");
        assertNotEquals(orderId(first), orderId(second), "each run stores a new order");
        // ids are replaced in place, one fresh id per fixture id (the same wherever it occurs): the order, the
        // command's own id and its causation (the OrderPlaced event) stay three different ids
        String original = new String(fixture, StandardCharsets.UTF_8);
        assertEquals(original.length(), first.length());
        Map<String, String> renamed = new HashMap<>();
        Matcher ids = FIXTURE_ID.matcher(original);
        while (ids.find()) {
            String now = first.substring(ids.start(), ids.end());
            assertEquals(now, renamed.computeIfAbsent(ids.group(), id -> now), ids.group() + " is renamed the same everywhere");
        }
        assertEquals(3, renamed.size(), "the fixture's order, command and causation ids");
        assertEquals(3, Set.copyOf(renamed.values()).size(), "three different fresh ids");
    }

    @Test
    void anHttpEventIsKeptAsItIs() throws IOException {
        byte[] fixture = Files.readAllBytes(EVENTS.resolve("orders/get-order.json"));
        assertArrayEquals(fixture, ColdStartFixtures.forRun(fixture), "the lookups read the seeded order " + ORDER);
    }

    @Test
    void onlyASuccessfulAnswerCounts() {
        assertDoesNotThrow(() -> ColdStartFixtures.requireSuccess("f", answer("{\"statusCode\":200,\"body\":\"{}\"}")));
        assertDoesNotThrow(() -> ColdStartFixtures.requireSuccess("f", answer("{\"batchItemFailures\":[]}")));
        assertTrue(assertThrows(IllegalStateException.class, () -> ColdStartFixtures.requireSuccess("orders-api",
                answer("{\"statusCode\":500,\"body\":\"boom\"}"))).getMessage().contains("500"));
        assertThrows(IllegalStateException.class, () -> ColdStartFixtures.requireSuccess("f", answer("{\"statusCode\":404,\"body\":\"\"}")));
        assertTrue(assertThrows(IllegalStateException.class, () -> ColdStartFixtures.requireSuccess("orders-worker",
                answer("{\"batchItemFailures\":[{\"itemIdentifier\":\"m1\"}]}"))).getMessage().contains("m1"));
        assertThrows(IllegalStateException.class, () -> ColdStartFixtures.requireSuccess("f",
                new InvocationResult(InvocationResult.Status.ERROR, new byte[0], "Runtime.Unknown", "threw")));
    }

    private static InvocationResult answer(String json) {
        return new InvocationResult(InvocationResult.Status.SUCCESS, json.getBytes(StandardCharsets.UTF_8), null, null);
    }

    private static String orderId(String event) {
        Matcher m = ULID.matcher(event);
        assertTrue(m.find(), "the event names an order: " + event);
        return m.group(1);
    }

}
