package dev.flywheel.topology;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopologyTest {

    private final Topology standard = FlywheelTopology.standard();

    @Test
    void standardTopologyIsSound() {
        assertEquals(List.of(), standard.problems());
        assertEquals(6, standard.functions().size());
        assertTrue(standard.queues().stream().filter(q -> !q.isDeadLetterQueue())
                .allMatch(q -> q.maxReceiveCount() == 5), "every work queue redrives after 5 receives");
    }

    @Test
    void everyWorkQueueIsConsumedWithVisibilityAtLeastSixTimesTheTimeout() {
        for (QueueSpec q : standard.queues()) {
            if (q.isDeadLetterQueue()) continue;
            TriggerSpec t = standard.consumerOf(q.name()).orElseThrow();
            assertTrue(q.visibilityTimeoutSeconds() >= 6 * standard.function(t.function()).timeoutSeconds(), q.name());
        }
    }

    @Test
    void reportsEveryBrokenRule() {
        List<QueueSpec> queues = new ArrayList<>(standard.queues());
        queues.removeIf(q -> q.name().equals("orders-intake") || q.name().equals("payments-commands-dlq"));
        queues.add(new QueueSpec("orders-intake", false, 30, "orders-intake-dlq", 5, 60)); // 30 < 6 × 30
        List<TriggerSpec> triggers = new ArrayList<>(standard.triggers());
        triggers.add(TriggerSpec.from("orders-intake-dlq").to("inventory-worker").batchSize(100).maximumConcurrency(1).build());
        Topology broken = new Topology(standard.functions(), triggers, queues, standard.tables(), standard.routes());

        String problems = String.join("\n", broken.problems());
        assertTrue(problems.contains("orders-intake: visibility timeout 30 s is under 6 × orders-worker's timeout of 30 s"), problems);
        assertTrue(problems.contains("payments-commands: its DLQ payments-commands-dlq is not defined"), problems);
        assertTrue(problems.contains("orders-intake-dlq is a DLQ but has a consumer"), problems);
        assertTrue(problems.contains("a batch size over 10 needs a batching window of at least 1 s"), problems);
        assertTrue(problems.contains("maximum concurrency must be 2..1000"), problems);
        assertThrows(IllegalStateException.class, broken::validate);
    }

    @Test
    void fifoQueuesTakeAtMostTenMessagesPerBatch() {
        FunctionSpec f = standard.function("orders-worker");
        Topology fifo = new Topology(List.of(f),
                List.of(TriggerSpec.from("steps.fifo").to(f.name()).batchSize(11).batchingWindowSeconds(1).maximumConcurrency(2).build()),
                List.of(new QueueSpec("steps.fifo", true, 180, "steps-dlq.fifo", 5, 60), new QueueSpec("steps-dlq.fifo", true, 30, null, 0, 60)),
                standard.tables(), List.of());
        assertTrue(fifo.problems().contains("steps.fifo: batch size must be 1..10"), fifo.problems().toString());
    }

    @Test
    void bindingsMustNameDefinedResources() {
        FunctionSpec f = new FunctionSpec("x", "x", "x.jar", "x", 512, 10, Map.of("T", Binding.read("nope"), "Q", Binding.queue("gone")));
        Topology t = new Topology(List.of(f), List.of(), List.of(), List.of(), List.of());
        assertEquals(List.of("x: Q names unknown queue gone", "x: T names unknown table nope").stream().sorted().toList(),
                t.problems().stream().sorted().toList());
    }

    /** Provisioned mode: AWS's ranges (minimum 2..200, maximum 2..2,000, minimum ≤ maximum), and never with a maximum concurrency. */
    @Test
    void aProvisionedTriggerIsValidatedByAwssRules() {
        Topology promotionDay = standard.withProvisionedPollers("orders-intake=2:20");
        PollerScaling scaling = promotionDay.consumerOf("orders-intake").orElseThrow().scaling();
        assertEquals(new PollerScaling.Provisioned(2, 20), scaling);
        assertEquals(20, scaling.initial(), "the minimum pollers' concurrency, ready at once");
        assertEquals(200, scaling.ceiling(), "ten invocations per poller");
        assertEquals(standard.consumerOf("orders-events").orElseThrow(), promotionDay.consumerOf("orders-events").orElseThrow(), "the others unchanged");

        for (String bad : List.of("orders-intake=1:20", "orders-intake=201:300", "orders-intake=2:2001", "orders-intake=30:20")) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> standard.withProvisionedPollers(bad), bad);
            assertTrue(refused.getMessage().contains("orders-intake: m"), refused.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> standard.withProvisionedPollers("orders-intake=2"));
        assertThrows(IllegalArgumentException.class, () -> standard.withProvisionedPollers("nowhere=2:20"));
        IllegalStateException both = assertThrows(IllegalStateException.class, () -> TriggerSpec.from("orders-intake").to("orders-worker")
                .maximumConcurrency(20).provisionedPollers(2, 20).build());
        assertTrue(both.getMessage().contains("exclude each other"), both.getMessage());
    }

    @Test
    void standardModeRampsFromFiveAndProvisionedFromItsMinimum() {
        PollerScaling.Standard standardMode = new PollerScaling.Standard(20);
        assertEquals(List.of(5, 300, 20, 0), List.of(standardMode.initial(), standardMode.addedPerMinute(), standardMode.ceiling(), standardMode.floor()));
        PollerScaling.Provisioned provisioned = new PollerScaling.Provisioned(3, 50);
        assertEquals(List.of(30, 1000, 500, 30), List.of(provisioned.initial(), provisioned.addedPerMinute(), provisioned.ceiling(), provisioned.floor()));
        assertEquals(List.of(3, 3, 4, 50), List.of(provisioned.pollersFor(0), provisioned.pollersFor(30), provisioned.pollersFor(31), provisioned.pollersFor(9000)));
    }
}
