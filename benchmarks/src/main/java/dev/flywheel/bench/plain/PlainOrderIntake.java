package dev.flywheel.bench.plain;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The worker baseline: what orders-worker does with an OrderPlaced batch (store each order PENDING with a conditional
 * put, send ReserveStock for each, report per-message failures) as a plain handler with the same SDK clients and no
 * Spring Cloud Function, Powertools or schema validation.
 */
public final class PlainOrderIntake implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Region REGION = Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1"));
    private static final DynamoDbClient DYNAMO = dynamo();
    private static final SqsClient SQS = sqs();
    private static final String TABLE = System.getenv("ORDERS_TABLE");
    private static final String NEXT_QUEUE = System.getenv("INVENTORY_COMMANDS_QUEUE_URL");

    private static DynamoDbClient dynamo() {
        var b = DynamoDbClient.builder().httpClientBuilder(ApacheHttpClient.builder()).region(REGION);
        String endpoint = System.getenv("AWS_ENDPOINT_URL_DYNAMODB");
        if (endpoint != null) b.endpointOverride(URI.create(endpoint));
        return b.build();
    }

    private static SqsClient sqs() {
        var b = SqsClient.builder().httpClientBuilder(ApacheHttpClient.builder()).region(REGION);
        String endpoint = System.getenv("AWS_ENDPOINT_URL_SQS");
        if (endpoint != null) b.endpointOverride(URI.create(endpoint));
        return b.build();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        List<String> failed = new ArrayList<>();
        List<SendMessageBatchRequestEntry> next = new ArrayList<>();
        for (JsonNode record : JSON.readTree(input).path("Records")) {
            String messageId = record.path("messageId").asText();
            try {
                JsonNode data = JSON.readTree(record.path("body").asText()).path("data");
                String orderId = data.path("orderId").asText();
                try {
                    DYNAMO.putItem(b -> b.tableName(TABLE).conditionExpression("attribute_not_exists(orderId)").item(Map.of(
                            "orderId", AttributeValue.fromS(orderId), "userId", AttributeValue.fromS(data.path("userId").asText()),
                            "status", AttributeValue.fromS("PENDING"), "items", AttributeValue.fromS(data.path("items").toString()))));
                } catch (ConditionalCheckFailedException duplicate) {
                    continue; // already stored: a redelivery
                }
                ObjectNode command = JSON.createObjectNode().put("type", "ReserveStock");
                command.set("data", data);
                next.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(next.size())).messageBody(command.toString()).build());
            } catch (RuntimeException | IOException e) {
                failed.add(messageId);
            }
        }
        for (int from = 0; from < next.size(); from += 10) {
            List<SendMessageBatchRequestEntry> chunk = next.subList(from, Math.min(next.size(), from + 10));
            SQS.sendMessageBatch(b -> b.queueUrl(NEXT_QUEUE).entries(chunk));
        }
        ObjectNode response = JSON.createObjectNode();
        ArrayNode failures = response.putArray("batchItemFailures");
        failed.forEach(id -> failures.addObject().put("itemIdentifier", id));
        JSON.writeValue(output, response);
    }
}
