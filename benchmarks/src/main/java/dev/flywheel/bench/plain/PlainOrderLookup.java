package dev.flywheel.bench.plain;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The cold-start baseline: what orders-api does for {@code GET /orders/{orderId}} ({@link OrderLookup}) written as a
 * plain handler, with the same SDK client but no Spring Cloud Function, Powertools or schema validation. Its cold start
 * is the floor the capability's is compared with.
 */
public final class PlainOrderLookup implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OrderLookup LOOKUP = OrderLookup.fromEnvironment();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        OrderLookup.Answer answer = LOOKUP.answer(JSON.readTree(input));
        ObjectNode response = JSON.createObjectNode();
        response.putObject("headers").put("Content-Type", "application/json");
        response.put("statusCode", answer.status()).put("body", answer.body());
        JSON.writeValue(output, response);
    }
}
