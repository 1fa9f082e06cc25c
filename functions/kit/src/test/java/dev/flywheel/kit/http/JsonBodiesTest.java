package dev.flywheel.kit.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonBodiesTest {
    record CreateUser(String email, String name) {}

    private final JsonBodies bodies = JsonBodies.forSchema("create-user");

    private static ApiRequest request(String body) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setBody(body);
        event.setHeaders(Map.of("Content-Type", "application/json"));
        return new ApiRequest(event);
    }

    private Problem problemFor(String body) {
        return assertThrows(ProblemException.class, () -> bodies.read(request(body), CreateUser.class)).problem();
    }

    @Test
    void readsAValidBody() {
        assertEquals(new CreateUser("ada@example.com", "Ada"), bodies.read(request("{\"email\":\"ada@example.com\",\"name\":\"Ada\"}"), CreateUser.class));
    }

    @Test
    void malformedJsonSaysWhere() {
        Problem p = problemFor("{\"email\": ");
        assertEquals(400, p.status());
        assertTrue(p.detail().startsWith("malformed JSON at line 1"), p.detail());
    }

    @Test
    void everySchemaViolationIsListed() {
        Problem p = problemFor("{\"email\": 42, \"role\": \"admin\"}");
        assertEquals(400, p.status());
        List<String> errors = p.errors();
        assertTrue(errors.stream().anyMatch(e -> e.contains("email") && e.contains("string")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("name")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("role")), errors.toString());
    }

    @Test
    void oversizedBodiesAreRefusedBeforeParsing() {
        Problem p = problemFor("{\"name\":\"" + "x".repeat(JsonBodies.MAX_BODY_BYTES) + "\"}");
        assertEquals(413, p.status());
    }

    @Test
    void duplicateKeysAreMalformed() {
        assertEquals(400, problemFor("{\"email\":\"a@b.co\",\"email\":\"c@d.co\",\"name\":\"x\"}").status());
    }
}
