package dev.flywheel.local;

import dev.flywheel.local.emulators.EmbeddedEmulators;
import dev.flywheel.local.emulators.Endpoints;
import dev.flywheel.local.emulators.LocalAws;
import dev.flywheel.local.meter.MeteredEndpoint;
import dev.flywheel.local.meter.Usage;
import dev.flywheel.local.provision.Resources;
import dev.flywheel.topology.QueueSpec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How often the tick asks SQS for a queue's depths, counted by the metered endpoint in front of the embedded
 * ElasticMQ: every tick while the queue's mapping is busy, every tenth while it is quiet.
 */
class QueueDepthsTest {
    private static final QueueSpec WORK = new QueueSpec("work", false, 30, "work-dlq", 3, 3600);

    @Test
    void aQuietQueueIsAskedEveryTenthTickAndKeepsItsLastAnswerInBetween() {
        Usage usage = new Usage();
        try (EmbeddedEmulators emulators = EmbeddedEmulators.start(0, 0);
             MeteredEndpoint meter = new MeteredEndpoint("sqs", emulators.endpoints().sqs(), usage);
             SqsClient sqs = LocalAws.sqs(Endpoints.of(meter.url().toString(), emulators.endpoints().dynamo().toString()))) {
            String work = sqs.createQueue(b -> b.queueName("work")).queueUrl();
            String dlq = sqs.createQueue(b -> b.queueName("work-dlq")).queueUrl();
            QueueDepths depths = new QueueDepths(sqs, new Resources(Map.of("work", work, "work-dlq", dlq), Map.of(), Map.of()));

            depths.nextTick();
            assertEquals(new QueueDepths.Depth(0, 0, 0), depths.of(WORK, true), "the first tick asks, quiet or not");
            assertEquals(2, asked(usage), "the queue and its DLQ");

            sqs.sendMessage(b -> b.queueUrl(work).messageBody("not taken by a poller"));
            sqs.sendMessage(b -> b.queueUrl(dlq).messageBody("dead"));
            for (int tick = 2; tick <= QueueDepths.QUIET_EVERY; tick++) {
                depths.nextTick();
                assertEquals(new QueueDepths.Depth(0, 0, 0), depths.of(WORK, true), "tick " + tick + ": a quiet queue keeps its last answer");
            }
            assertEquals(2, asked(usage), "nothing asked while quiet");

            depths.nextTick();
            assertEquals(new QueueDepths.Depth(1, 0, 1), depths.of(WORK, true), "the tenth tick after the first asks again");
            assertEquals(4, asked(usage));

            sqs.deleteMessage(b -> b.queueUrl(work).receiptHandle(sqs.receiveMessage(r -> r.queueUrl(work)).messages().get(0).receiptHandle()));
            depths.nextTick();
            assertEquals(new QueueDepths.Depth(0, 0, 1), depths.of(WORK, false), "a busy queue is asked at once");
            depths.nextTick();
            depths.of(WORK, false);
            assertEquals(8, asked(usage), "and every tick");
        }
    }

    private static long asked(Usage usage) {
        var counter = usage.operations().get("sqs:GetQueueAttributes");
        return counter == null ? 0 : counter.requests();
    }
}
