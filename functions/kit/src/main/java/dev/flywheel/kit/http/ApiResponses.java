package dev.flywheel.kit.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.flywheel.kit.json.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/** API Gateway v2 responses with JSON bodies. */
public final class ApiResponses {
    private ApiResponses() {}

    public static APIGatewayV2HTTPResponse json(int status, Object body) {
        return json(status, body, Map.of());
    }

    public static APIGatewayV2HTTPResponse json(int status, Object body, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", "application/json");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(all).withBody(Json.write(body)).build();
    }

    public static APIGatewayV2HTTPResponse problem(Problem problem) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(problem.status())
                .withHeaders(new LinkedHashMap<>(Map.of("Content-Type", "application/problem+json")))
                .withBody(Json.write(problem)).build();
    }
}
