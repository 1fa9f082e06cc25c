package dev.flywheel.tests;

import dev.flywheel.local.LocalPlatform;
import dev.flywheel.local.PlatformOptions;
import dev.flywheel.topology.FunctionSpec;
import dev.flywheel.topology.QueueSpec;
import dev.flywheel.topology.Topology;
import dev.flywheel.topology.TriggerSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local runtime's event-source mapping in both scaling modes, side by side on one platform: two queues, each
 * feeding a function that takes 300 ms a batch, one mapping in standard mode (maximum concurrency 20), the other in
 * provisioned mode (2..4 pollers, ceiling 40), at the laptop's factor 0.2 and a machine limit of 24 batches.
 * Provisioned mode's minimum pollers poll from the start (2 × 10 × 0.2 = 4 slots, against standard's one), its ramp
 * under the same backlog adds 1,000 a minute scaled (3⅓ a second) against standard's 300 (1 a second), and when
 * the queue is empty it keeps its minimum.
 */
class ProvisionedModeIT {
    private static final String STANDARD = "ramp-standard", PROVISIONED = "ramp-provisioned";
    private static LocalPlatform platform;

    @BeforeAll
    static void start() {
        Path root = Path.of(System.getProperty("flywheel.root", "..")).toAbsolutePath().normalize();
        List<FunctionSpec> functions = new ArrayList<>();
        List<QueueSpec> queues = new ArrayList<>();
        for (String q : List.of(STANDARD, PROVISIONED)) {
            functions.add(new FunctionSpec(q, "tests", "tests/target/test-classes", q, "dev.flywheel.tests.fixtures.SlowBatch::handleRequest", 256, 10, Map.of()));
            queues.add(new QueueSpec(q, false, 60, q + "-dlq", 5, 3600));
            queues.add(new QueueSpec(q + "-dlq", false, 30, null, 0, 3600));
        }
        List<TriggerSpec> triggers = List.of(
                TriggerSpec.from(STANDARD).to(STANDARD).batchSize(1).maximumConcurrency(20).build(),
                TriggerSpec.from(PROVISIONED).to(PROVISIONED).batchSize(1).provisionedPollers(2, 4).build());
        Topology topology = new Topology(functions, triggers, queues, List.of(), List.of()).validate();
        platform = LocalPlatform.start(PlatformOptions.defaults(root).withFreePorts().withTopology(topology)
                .withScaling(0.2, 24).withMaxInstances(2).withIdleLimit(java.time.Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
    }

    @Test
    void provisionedModeStartsAtItsMinimumRampsFasterAndKeepsItsFloor() {
        assertEquals(1, platform.pollers(STANDARD), "standard mode: one poller listens on an idle queue");
        assertEquals(4, platform.pollers(PROVISIONED), "provisioned mode: the minimum pollers' 4 slots poll from the start");

        // the same backlog on both at once; 2 environments each serve about 6 batches a second, so it lasts the window
        // sent ten at a time, alternating, so that both queues have their backlog within the same moment
        for (int i = 0; i < 200; i += 10) {
            for (String q : List.of(STANDARD, PROVISIONED)) {
                String url = platform.resources().queueUrl(q);
                int first = i;
                platform.sqs().sendMessageBatch(b -> b.queueUrl(url).entries(java.util.stream.IntStream.range(first, first + 10)
                        .mapToObj(n -> SendMessageBatchRequestEntry.builder().id("m" + n).messageBody("m-" + n).build()).toList()));
            }
        }
        List<Integer> standard = new ArrayList<>(), provisioned = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            Shop.sleep(1000);
            standard.add(platform.pollers(STANDARD));
            provisioned.add(platform.pollers(PROVISIONED));
        }
        System.out.printf("[provisioned mode] batch slots per second under the same backlog: standard %s, provisioned %s%n", standard, provisioned);
        for (int s = 0; s < 6; s++) {
            assertTrue(provisioned.get(s) >= standard.get(s), "provisioned is never behind: standard " + standard + ", provisioned " + provisioned);
        }
        int standardGain = standard.get(5) - 1, provisionedGain = provisioned.get(5) - 4;
        assertTrue(standard.get(5) <= 8, "standard adds about one slot a second: " + standard);
        assertTrue(provisionedGain >= 2 * Math.max(1, standardGain), "provisioned adds 3⅓ a second, standard 1: " + standard + " / " + provisioned);
        assertTrue(provisioned.get(5) <= 24, "never above the machine's limit: " + provisioned);

        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline && (depth(STANDARD) > 0 || depth(PROVISIONED) > 0)) Shop.sleep(500);
        assertEquals(0, depth(STANDARD) + depth(PROVISIONED), "both drained");
        Shop.sleep(3000); // a few ticks of an empty queue
        assertEquals(1, platform.pollers(STANDARD), "standard falls back to one poller");
        assertEquals(4, platform.pollers(PROVISIONED), "provisioned keeps its minimum pollers");
    }

    private static int depth(String queue) {
        return new Shop(platform).queueDepth(queue);
    }
}
