package dev.flywheel.kit.sqs;

import dev.flywheel.kit.envelope.Envelope;
import dev.flywheel.kit.envelope.Hop;
import dev.flywheel.kit.json.Json;
import dev.flywheel.local.emulators.EmbeddedEmulators;
import dev.flywheel.local.emulators.LocalAws;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The publisher on ElasticMQ: SendMessageBatch in chunks, correlation id and type as message attributes. */
class SqsPublisherTest {
    private static EmbeddedEmulators emulators;
    private static SqsClient sqs;

    @BeforeAll
    static void start() {
        emulators = EmbeddedEmulators.start(0, 0);
        sqs = LocalAws.sqs(emulators.endpoints());
    }

    @AfterAll
    static void stop() {
        sqs.close();
        emulators.close();
    }

    @Test
    void sendsEveryMessageWithItsCorrelationIdAndTypeAsAttributes() throws Exception {
        String queue = sqs.createQueue(b -> b.queueName("publisher-test")).queueUrl();
        List<Outgoing> outgoing = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < 25; i++) {
            outgoing.add(Outgoing.to(queue, Envelope.first("OrderPlaced", "corr-" + i, Map.of("n", i), new Hop("test", now, now))));
        }

        assertEquals(List.of(), new SqsPublisher(sqs).send(outgoing), "25 messages in three SendMessageBatch calls, none refused");

        Set<String> seen = new HashSet<>();
        for (int round = 0; round < 20 && seen.size() < 25; round++) {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1).messageAttributeNames("All")).messages()) {
                Envelope envelope = Json.read(m.body(), Envelope.class);
                assertEquals(envelope.correlationId(), m.messageAttributes().get("correlationId").stringValue());
                assertEquals("OrderPlaced", m.messageAttributes().get("type").stringValue());
                seen.add(envelope.correlationId());
            }
        }
        assertEquals(25, seen.size());
    }

    @Test
    void aRehearsalIsRefusedWholeAndQueuesNothing() {
        String queue = sqs.createQueue(b -> b.queueName("publisher-rehearsal")).queueUrl();
        Instant now = Instant.now();
        new SqsPublisher(sqs).rehearse(Outgoing.to(queue, Envelope.first("ReserveStock", "priming", Map.of("orderId", "o-1"), new Hop("test", now, now))));

        assertEquals(List.of(), sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)).messages(),
                "the refused batch queued nothing");
        assertEquals("0", sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNamesWithStrings("ApproximateNumberOfMessages"))
                .attributesAsStrings().get("ApproximateNumberOfMessages"));
    }

    @Test
    void messagesForAQueueThatDoesNotExistComeBackAsUnsent() {
        Instant now = Instant.now();
        Outgoing lost = Outgoing.to(emulators.endpoints().sqs() + "/000000000000/no-such-queue",
                Envelope.first("OrderPlaced", "corr", Map.of(), new Hop("test", now, now)));
        assertEquals(List.of(lost), new SqsPublisher(sqs).send(List.of(lost)));
    }

    /**
     * SQS's current limit on the local queues: a message of exactly 1 MiB (body and attributes, as the publisher
     * counts it) is sent and received whole; a body one byte over 1 MiB is refused by the queue itself.
     */
    @Test
    void aOneMebibyteMessageTravelsWholeAndTheQueueRefusesOneByteMore() throws Exception {
        String queue = sqs.createQueue(b -> b.queueName("publisher-1mib")).queueUrl();
        Instant now = Instant.now();
        Envelope probe = Envelope.first("OrderPlaced", "corr-big", Map.of("pad", ""), new Hop("test", now, now));
        int overhead = SqsPublisher.Encoded.of(Outgoing.to(queue, probe)).bytes();
        Envelope big = Envelope.first("OrderPlaced", "corr-big", Map.of("pad", "x".repeat(SqsPublisher.MAX_MESSAGE_BYTES - overhead)),
                new Hop("test", now, now));
        Outgoing outgoing = Outgoing.to(queue, big);
        assertEquals(SqsPublisher.MAX_MESSAGE_BYTES, SqsPublisher.Encoded.of(outgoing).bytes());
        assertEquals(List.of(), new SqsPublisher(sqs).send(List.of(outgoing)), "accepted at exactly 1 MiB");
        Message received = sqs.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(5).messageAttributeNames("All")).messages().get(0);
        assertEquals(Json.write(big), received.body(), "received whole");

        var tooLong = assertThrows(software.amazon.awssdk.services.sqs.model.SqsException.class,
                () -> sqs.sendMessage(b -> b.queueUrl(queue).messageBody("y".repeat(SqsPublisher.MAX_MESSAGE_BYTES + 1))));
        assertEquals(400, tooLong.statusCode(), tooLong.getMessage());
    }
}
