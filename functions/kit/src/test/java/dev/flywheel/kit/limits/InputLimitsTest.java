package dev.flywheel.kit.limits;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.flywheel.kit.http.ApiRequest;
import dev.flywheel.kit.http.JsonBodies;
import dev.flywheel.kit.http.Problem;
import dev.flywheel.kit.http.ProblemException;
import dev.flywheel.kit.json.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each limit at its boundary: the largest allowed input passes, one more is refused with a 400 that names it. */
class InputLimitsTest {
    private final JsonBodies bodies = JsonBodies.forSchema("create-user");

    private static ApiRequest withBody(String body) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setBody(body);
        event.setHeaders(Map.of("Content-Type", "application/json"));
        return new ApiRequest(event);
    }

    private static ApiRequest withPathParameter(String value) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setPathParameters(Map.of("orderId", value));
        return new ApiRequest(event);
    }

    /** The parser's answer: null when it parsed, else the 400's detail. */
    private String refusal(String json) {
        try {
            bodies.read(withBody(json), Object.class);
            return null;
        } catch (ProblemException e) {
            Problem p = e.problem();
            assertEquals(400, p.status(), p.detail());
            return p.detail().startsWith("body is over a limit") ? p.detail() : null; // a schema answer: the parser let it through
        }
    }

    @Test
    void nestingDepthAtItsLimitParsesAndOneMoreIsRefused() {
        int limit = InputLimits.MAX_NESTING_DEPTH;
        assertEquals(null, refusal("[".repeat(limit) + "]".repeat(limit)));
        String detail = refusal("[".repeat(limit + 1) + "]".repeat(limit + 1));
        assertTrue(detail != null && detail.contains("nesting depth (" + (limit + 1) + ")") && detail.contains("(" + limit + ")"), String.valueOf(detail));
        assertTrue(!detail.contains("StreamReadConstraints"), "the client is told the figures, not Jackson's setting: " + detail);
    }

    @Test
    void aNumberOfTheLimitsLengthParsesAndALongerOneIsRefused() {
        int limit = InputLimits.MAX_NUMBER_CHARS;
        assertEquals(null, refusal("{\"name\":" + "9".repeat(limit) + "}"));
        assertEquals(null, refusal("{\"name\":-" + "9".repeat(limit - 1) + "}"), "the sign counts");
        String detail = refusal("{\"name\":" + "9".repeat(limit + 1) + "}");
        assertTrue(detail != null && detail.contains("Number value length (" + (limit + 1) + ")"), String.valueOf(detail));
    }

    @Test
    void aStringOfTheLimitsLengthParsesAndALongerOneIsRefused() {
        int limit = InputLimits.MAX_STRING_CHARS;
        assertEquals(null, refusal("{\"name\":\"" + "n".repeat(limit) + "\"}"));
        String detail = refusal("{\"name\":\"" + "n".repeat(limit + 1) + "\"}");
        assertTrue(detail != null && detail.contains("String value length (" + (limit + 1) + ")"), String.valueOf(detail));
    }

    @Test
    void queuedMessagesAreParsedWithinTheSameLimits() {
        int limit = InputLimits.MAX_NESTING_DEPTH;
        assertDoesNotThrow(() -> Json.tree("[".repeat(limit) + "]".repeat(limit)));
        assertThrows(com.fasterxml.jackson.core.JsonProcessingException.class, () -> Json.tree("[".repeat(limit + 1) + "]".repeat(limit + 1)));
    }

    @Test
    void aPathParameterOfTheLongestKeyIsReadAndOneByteMoreIsRefused() {
        int limit = InputLimits.MAX_KEY_BYTES;
        assertEquals(limit, withPathParameter("k".repeat(limit)).pathParameter("orderId").length());
        Problem p = assertThrows(ProblemException.class, () -> withPathParameter("k".repeat(limit + 1)).pathParameter("orderId")).problem();
        assertEquals(400, p.status());
        assertEquals("path parameter orderId is " + (limit + 1) + " bytes; the limit is " + limit, p.detail());
        // bytes, not characters: DynamoDB measures keys in UTF-8
        String multibyte = "é".repeat(limit / 2) + "k"; // 1,025 bytes in 513 characters
        assertEquals(400, assertThrows(ProblemException.class, () -> withPathParameter(multibyte).pathParameter("orderId")).problem().status());
    }
}
