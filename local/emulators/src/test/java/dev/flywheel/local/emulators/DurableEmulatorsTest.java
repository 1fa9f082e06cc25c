package dev.flywheel.local.emulators;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded emulators on a data directory: a restart finds the queues, their messages (in flight too) and the tables. */
class DurableEmulatorsTest {

    @Test
    void queuesMessagesInFlightAndTablesSurviveARestart(@TempDir Path data) throws Exception {
        String body;
        try (EmbeddedEmulators emulators = EmbeddedEmulators.start(0, 0, data);
             SqsClient sqs = LocalAws.sqs(emulators.endpoints()); DynamoDbClient dynamo = LocalAws.dynamo(emulators.endpoints())) {
            String dlq = sqs.createQueue(b -> b.queueName("work-dlq")).queueUrl();
            String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            String url = sqs.createQueue(b -> b.queueName("work").attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "3",
                    QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"3\"}"))).queueUrl();
            for (String m : List.of("one", "two", "three")) sqs.sendMessage(b -> b.queueUrl(url).messageBody(m));
            List<Message> inFlight = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(1)).messages();
            assertEquals(1, inFlight.size());
            body = inFlight.get(0).body();
            dynamo.createTable(b -> b.tableName("orders").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)).keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
            dynamo.putItem(b -> b.tableName("orders").item(Map.of("id", AttributeValue.fromS("o1"), "status", AttributeValue.fromS("PENDING"))));
            Thread.sleep(700); // past H2's write delay
        }
        try (EmbeddedEmulators emulators = EmbeddedEmulators.start(0, 0, data);
             SqsClient sqs = LocalAws.sqs(emulators.endpoints()); DynamoDbClient dynamo = LocalAws.dynamo(emulators.endpoints())) {
            String url = sqs.getQueueUrl(b -> b.queueName("work")).queueUrl();
            assertTrue(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributes()
                    .get(QueueAttributeName.REDRIVE_POLICY).contains("work-dlq"), "the redrive policy is kept");
            Set<String> visibleNow = new HashSet<>();
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) visibleNow.add(m.body());
            assertEquals(2, visibleNow.size(), "the two messages never received are there at once: " + visibleNow);
            assertTrue(!visibleNow.contains(body), "the one in flight is not visible before its visibility timeout");
            List<Message> back = new ArrayList<>();
            for (int i = 0; i < 10 && back.isEmpty(); i++) {
                back = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
            }
            assertEquals(List.of(body), back.stream().map(Message::body).toList(), "the in-flight message comes back after its visibility timeout");
            assertEquals("2", back.get(0).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT), "its receive count is kept");
            assertEquals("PENDING", dynamo.getItem(b -> b.tableName("orders").key(Map.of("id", AttributeValue.fromS("o1")))).item().get("status").s());
        }
    }
}
