package dev.flywheel.bench.plain;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.Map;

/**
 * The cold-start baseline: what orders-api does for {@code GET /orders/{orderId}} (read the API Gateway v2 event,
 * take the caller from the JWT claims, one GetItem, answer 200 or 404 as JSON) written as a plain handler, with the
 * same SDK client but no Spring Cloud Function, Powertools or schema validation. Its cold start is the floor the
 * capability's is compared with.
 */
public final class PlainOrderLookup implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DynamoDbClient DYNAMO = client();
    private static final String TABLE = System.getenv("ORDERS_TABLE");

    private static DynamoDbClient client() {
        var builder = DynamoDbClient.builder().httpClientBuilder(ApacheHttpClient.builder()).region(Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1")));
        String endpoint = System.getenv("AWS_ENDPOINT_URL_DYNAMODB");
        if (endpoint != null) builder.endpointOverride(URI.create(endpoint));
        return builder.build();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        String orderId = event.path("pathParameters").path("orderId").asText();
        String caller = event.path("requestContext").path("authorizer").path("jwt").path("claims").path("sub").asText();
        Map<String, AttributeValue> item = DYNAMO.getItem(b -> b.tableName(TABLE).key(Map.of("orderId", AttributeValue.fromS(orderId)))).item();
        ObjectNode response = JSON.createObjectNode();
        response.putObject("headers").put("Content-Type", "application/json");
        if (item == null || item.isEmpty() || !caller.equals(item.get("userId").s())) {
            response.put("statusCode", 404).put("body", "{\"title\":\"Not Found\",\"status\":404}");
        } else {
            ObjectNode body = JSON.createObjectNode().put("orderId", orderId).put("status", item.get("status").s());
            response.put("statusCode", 200).put("body", body.toString());
        }
        JSON.writeValue(output, response);
    }
}
