package dev.flywheel.kit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.kit.json.Json;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on API Gateway responses that carry a problem+json error. */
public final class Problems {
    private Problems() {}

    /** Environment for a handler test: nothing reachable behind it, so a test proves the request never got that far. */
    public static Map<String, String> unreachableAws(String definition, Map<String, String> more) {
        Map<String, String> env = new java.util.HashMap<>(more);
        env.put("SPRING_CLOUD_FUNCTION_DEFINITION", definition);
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
        return env;
    }

    /** @return the problem body, after checking status, content type and that the detail mentions {@code detail} */
    public static JsonNode assertProblem(JsonNode response, int status, String detail) {
        assertEquals(status, response.get("statusCode").asInt(), response.toString());
        assertEquals("application/problem+json", response.get("headers").get("Content-Type").asText());
        try {
            JsonNode problem = Json.tree(response.get("body").asText());
            assertEquals(status, problem.get("status").asInt());
            String text = problem.get("detail").asText() + " " + problem.path("errors");
            assertTrue(text.contains(detail), "expected '" + detail + "' in: " + text);
            return problem;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("problem body is not JSON", e);
        }
    }
}
