package dev.flywheel.bench.plain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.util.Map;

/**
 * The work of orders-api's {@code GET /orders/{orderId}}, and nothing else: take the order id and the caller from the API
 * Gateway v2 event, one GetItem, answer 200 with the order's status or 404. Shared by the two baselines of
 * {@code bench-cold-start} ({@link PlainOrderLookup}, and the Spring Cloud Function floor), so that they time the
 * same work and differ only in how they are entered.
 */
public final class OrderLookup {
    /** The response's status code and JSON body. */
    public record Answer(int status, String body) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DynamoDbClient dynamo;
    private final String table;

    private OrderLookup(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** A lookup on the table {@code ORDERS_TABLE} names, through {@code AWS_ENDPOINT_URL_DYNAMODB} when it is set. */
    public static OrderLookup fromEnvironment() {
        var builder = DynamoDbClient.builder().httpClientBuilder(ApacheHttpClient.builder())
                .region(Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1")));
        String endpoint = System.getenv("AWS_ENDPOINT_URL_DYNAMODB");
        if (endpoint != null) builder.endpointOverride(URI.create(endpoint));
        return new OrderLookup(builder.build(), System.getenv("ORDERS_TABLE"));
    }

    public Answer answer(JsonNode event) {
        String orderId = event.path("pathParameters").path("orderId").asText();
        String caller = event.path("requestContext").path("authorizer").path("jwt").path("claims").path("sub").asText();
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Map.of("orderId", AttributeValue.fromS(orderId)))).item();
        if (item == null || item.isEmpty() || !caller.equals(item.get("userId").s())) {
            return new Answer(404, "{\"title\":\"Not Found\",\"status\":404}");
        }
        return new Answer(200, JSON.createObjectNode().put("orderId", orderId).put("status", item.get("status").s()).toString());
    }
}
