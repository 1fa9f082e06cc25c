package dev.flywheel.local.cli;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The emulators' own bound for the work an order costs: the same operations, in the same numbers per order as the
 * functions made them (measured through the metered endpoints), sent straight to the emulators from a pool of
 * threads with nothing else in between. Orders per second of that is the most the platform could do here.
 */
final class EmulatorBound {
    private static final String TABLE = "bench-bound";
    private static final String PAYLOAD = "x".repeat(400);

    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    private final String queueUrl;

    EmulatorBound(DynamoDbClient dynamo, SqsClient sqs) {
        this.dynamo = dynamo;
        this.sqs = sqs;
        dynamo.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
        queueUrl = sqs.createQueue(b -> b.queueName("bench-bound")).queueUrl();
    }

    /** @param perOrder operation name → requests per order; @return orders per second */
    double ordersPerSecond(Map<String, Double> perOrder, int orders, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<Object>> work = IntStream.range(0, threads).mapToObj(t -> pool.<Object>submit(() -> {
                Map<String, Double> credit = new java.util.HashMap<>();
                for (int o = t; o < orders; o += threads) {
                    for (var e : perOrder.entrySet()) {
                        double c = credit.getOrDefault(e.getKey(), 0.0) + e.getValue();
                        int n = (int) c;
                        credit.put(e.getKey(), c - n);
                        for (int i = 0; i < n; i++) run(e.getKey());
                    }
                }
                return null;
            })).toList();
            for (Future<Object> f : work) f.get();
            return orders / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    private void run(String operation) {
        String id = UUID.randomUUID().toString();
        Map<String, AttributeValue> item = Map.of("id", AttributeValue.fromS(id), "payload", AttributeValue.fromS(PAYLOAD), "n", AttributeValue.fromN("1"));
        switch (operation) {
            case "PutItem" -> dynamo.putItem(b -> b.tableName(TABLE).item(item).conditionExpression("attribute_not_exists(id)"));
            case "UpdateItem" -> dynamo.updateItem(b -> b.tableName(TABLE).key(Map.of("id", AttributeValue.fromS(id)))
                    .updateExpression("SET payload = :p, n = :n").expressionAttributeValues(Map.of(":p", AttributeValue.fromS(PAYLOAD), ":n", AttributeValue.fromN("2"))));
            case "DeleteItem" -> dynamo.deleteItem(b -> b.tableName(TABLE).key(Map.of("id", AttributeValue.fromS(id))));
            case "GetItem", "BatchGetItem", "Scan" -> dynamo.getItem(b -> b.tableName(TABLE).key(Map.of("id", AttributeValue.fromS(id))));
            case "Query" -> dynamo.query(b -> b.tableName(TABLE).keyConditionExpression("id = :id").expressionAttributeValues(Map.of(":id", AttributeValue.fromS(id))));
            case "TransactWriteItems" -> dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(TABLE).item(item)).build(),
                    TransactWriteItem.builder().update(u -> u.tableName(TABLE).key(Map.of("id", AttributeValue.fromS(id + "-b")))
                            .updateExpression("SET n = :n").expressionAttributeValues(Map.of(":n", AttributeValue.fromN("1")))).build()));
            case "SendMessage", "SendMessageBatch" -> sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(e -> e.id("1").messageBody(PAYLOAD)));
            case "ReceiveMessage" -> {
                List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
                if (!got.isEmpty()) sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(got.stream()
                        .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build()).toList()));
            }
            default -> { } // DeleteMessageBatch is done with its receive; control-plane calls are not part of an order
        }
    }
}
