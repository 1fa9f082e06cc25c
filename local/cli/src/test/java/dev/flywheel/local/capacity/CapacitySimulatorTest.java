package dev.flywheel.local.capacity;

import dev.flywheel.local.load.LoadProfile;
import dev.flywheel.topology.FlywheelTopology;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapacitySimulatorTest {
    private static final Map<String, Double> BATCH_SECONDS = Map.of("orders-worker", 0.1, "inventory-worker", 0.1, "payments-worker", 0.1);
    /** Environments ready at once: the figures of the tests below are Lambda's scaling rule alone. */
    private static final Map<String, Double> NO_INIT = Map.of("orders-worker", 0.0, "inventory-worker", 0.0, "payments-worker", 0.0);

    /** Orders placed without an Idempotency-Key unless {@code keyedShare} says otherwise: every mapping is used. */
    private static CapacityModel model(double rate, int duration, int maxConcurrency, int shards, double keyedShare) {
        return CapacityModel.of(LoadProfile.of(LoadProfile.Kind.STEADY, rate, duration, 1),
                CapacityModel.stages(FlywheelTopology.standard(), BATCH_SECONDS, NO_INIT, maxConcurrency)).hotSkuShards(shards).keyedShare(keyedShare).build();
    }

    @Test
    void aLoadWellBelowCapacityLeavesNoBacklogAndDrainsAtOnce() {
        // 5 batches of 10 in 0.1 s = 500 messages/s per mapping at the start; 50 orders/s is a tenth of that
        CapacitySimulator.Prediction p = CapacitySimulator.run(model(50, 60, 20, 16, 0));
        // only the start-up transient waits (each mapping starts one step late): a few seconds of arrivals at most
        p.peakBacklog().forEach((queue, b) -> assertTrue(b <= 4 * 50 * 1.0, queue + ": " + p.peakBacklog()));
        p.backlog().forEach((queue, series) -> assertTrue(series.get(59) < 1, queue + " is empty at the end of the traffic: " + series.get(59)));
        assertTrue(p.drainSeconds() <= 3, "drains within seconds: " + p.drainSeconds());
        assertEquals(3000, p.ordersOffered(), 1e-6);
        assertEquals(0, p.throttledStockWrites(), 1e-6);
        assertConserved(p, 3000, 4);
    }

    @Test
    void ordersPlacedWithAKeySkipOrdersIntake() {
        CapacitySimulator.Prediction keyed = CapacitySimulator.run(model(50, 60, 20, 16, 1));
        assertEquals(0, keyed.peakBacklog().get("orders-intake"), 1e-9, "nothing enters orders-intake: " + keyed.peakBacklog());
        assertEquals(0, keyed.peakConcurrency().get("orders-worker<-orders-intake"), "and no batch runs on it");
        assertTrue(keyed.peakBacklog().get("inventory-commands") > 0, "they enter by inventory-commands: " + keyed.peakBacklog());
        assertConserved(keyed, 3000, 3);

        CapacitySimulator.Prediction half = CapacitySimulator.run(model(50, 60, 20, 16, 0.5));
        assertConserved(half, 3000, 3.5);
    }

    @Test
    void aSpikeWaitsForTheColdStartsOfTheEnvironmentsItAdds() {
        // 100 orders/s, ten times that for the middle 30 s; warm at the base rate: 5 environments per mapping (its
        // initial batches), 500 messages/s each. The spike needs 10 per mapping: Lambda's rule adds them, each cold.
        Map<String, Double> fiveSeconds = Map.of("orders-worker", 5.0, "inventory-worker", 5.0, "payments-worker", 5.0);
        CapacitySimulator.Prediction ready = spike(NO_INIT), cold = spike(fiveSeconds);

        assertTrue(cold.coldStarts().get("inventory-worker") > 0, "the spike starts environments: " + cold.coldStarts());
        assertTrue(cold.peakBacklog().get("inventory-commands") > ready.peakBacklog().get("inventory-commands") + 1000,
                "while they initialize, batches wait: " + cold.peakBacklog() + " against " + ready.peakBacklog());
        int coldStarts = cold.coldStarts().values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(cold.batches() * 0.1 * 0.5 + coldStarts * 5 * 0.5, cold.gbSeconds(), 1e-6, "each cold start bills its init");
        assertEquals(ready.batches() * 0.1 * 0.5, ready.gbSeconds(), 1e-6, "no init, nothing more");

        CapacitySimulator.Prediction steady = CapacitySimulator.run(CapacityModel.of(LoadProfile.of(LoadProfile.Kind.STEADY, 100, 90, 1),
                CapacityModel.stages(FlywheelTopology.standard(), BATCH_SECONDS, fiveSeconds, 20)).build());
        assertEquals(0, steady.coldStarts().values().stream().mapToInt(Integer::intValue).sum(), "the base rate runs on warm environments");
    }

    private static CapacitySimulator.Prediction spike(Map<String, Double> initSeconds) {
        return CapacitySimulator.run(CapacityModel.of(LoadProfile.of(LoadProfile.Kind.SPIKE, 100, 90, 10),
                CapacityModel.stages(FlywheelTopology.standard(), BATCH_SECONDS, initSeconds, 20)).build());
    }

    /**
     * Once drained, every order went through its mappings: {@code messagesPerOrder} messages an order (orders-intake
     * for an order without a key, then inventory-commands, payments-commands and orders-events) in batches of 10, each
     * batch 0.1 s at 0.5 GB. Exact figures, computed by hand in each test, not read off the simulator.
     */
    private static void assertConserved(CapacitySimulator.Prediction p, double orders, double messagesPerOrder) {
        assertTrue(!Double.isNaN(p.drainSeconds()), "drained within the horizon");
        assertEquals(orders * messagesPerOrder / 10, p.batches(), 1e-6, "batches: " + messagesPerOrder + " messages an order, 10 a batch");
        assertEquals(orders * messagesPerOrder / 10 * 0.1 * 0.5, p.gbSeconds(), 1e-6, "GB-seconds: batches x 0.1 s x 0.5 GB");
    }

    @Test
    void aLoadOverTheMaximumConcurrencyBuildsABacklogThatDrainsAtTheCap() {
        // capped at 2 batches: 2 x 10 / 0.1 s = 200 messages/s for orders-intake; 400 orders/s for 100 s
        CapacitySimulator.Prediction p = CapacitySimulator.run(model(400, 100, 2, 16, 0));
        double intakePeak = p.peakBacklog().get("orders-intake");
        assertEquals(100 * (400 - 200), intakePeak, 400, "the backlog grows by the excess each second");
        assertTrue(p.drainSeconds() >= 100, "20,000 messages at 200/s take at least 100 s to drain: " + p.drainSeconds());
        assertEquals(2, p.peakConcurrency().get("orders-worker<-orders-intake"), "never above the mapping's maximum");
        assertConserved(p, 40_000, 4);
    }

    @Test
    void aHotSkuOverItsShardsWriteLimitIsThrottled() {
        // 1 shard x 1000 WCU/s / 2 WCU per reservation = 500 reservations/s; offer 2,000 orders/s with ample concurrency
        CapacitySimulator.Prediction p = CapacitySimulator.run(model(2000, 30, 1000, 1, 1));
        assertTrue(p.throttledStockWrites() > 0, "writes over the partition limit are throttled");
        assertTrue(p.peakBacklog().get("inventory-commands") > 10_000, "and reservations queue up: " + p.peakBacklog());
    }

    /**
     * The same load in both modes: 1,500 orders/s for 60 s (without a key: every mapping), batches of 10 taking 1 s,
     * mappings that may reach 200 batches (standard: maximum concurrency 200; provisioned: 2..20 pollers, 10
     * invocations each). Provisioned mode
     * starts at its minimum pollers' 20 batches and adds 1,000 a minute, standard at 5 adding 300: its backlog peaks
     * lower and drains sooner, and it pays for its pollers, the minimum ones whether busy or not.
     */
    @Test
    void provisionedModeAbsorbsASpikeSoonerAndPaysForItsPollers() {
        Map<String, Double> slow = Map.of("orders-worker", 1.0, "inventory-worker", 1.0, "payments-worker", 1.0);
        CapacityModel standard = CapacityModel.of(LoadProfile.of(LoadProfile.Kind.STEADY, 1500, 60, 1),
                CapacityModel.stages(FlywheelTopology.standard(), slow, NO_INIT, 0)).keyedShare(0).build()
                .withEveryMapping(new dev.flywheel.topology.PollerScaling.Standard(200), 0);
        CapacityModel provisioned = standard.withEveryMapping(new dev.flywheel.topology.PollerScaling.Provisioned(2, 20), 0);
        CapacitySimulator.Prediction s = CapacitySimulator.run(standard), p = CapacitySimulator.run(provisioned);

        // each entry is the concurrency the rule sets after that second
        assertEquals(List.of(5.0, 10.0, 15.0), s.concurrency().get("orders-worker<-orders-intake").subList(0, 3),
                "standard: 5 batches once backlog appears, then +300 a minute (5 a second)");
        assertEquals(List.of(36.0, 53.0, 70.0), p.concurrency().get("orders-worker<-orders-intake").subList(0, 3),
                "provisioned: busy from the first second at its minimum pollers' 20, then +1,000 a minute (16⅔ a second, whole batches)");
        assertTrue(p.peakBacklog().get("orders-intake") < s.peakBacklog().get("orders-intake"),
                "a lower peak: " + p.peakBacklog().get("orders-intake") + " against " + s.peakBacklog().get("orders-intake"));
        assertTrue(p.drainSeconds() < s.drainSeconds(), "drains sooner: " + p.drainSeconds() + " s against " + s.drainSeconds() + " s");
        assertTrue(p.peakConcurrency().get("orders-worker<-orders-intake") <= 200, "never above 20 pollers × 10");
        assertEquals(0, s.pollerSeconds(), 1e-9, "standard mode bills no pollers");
        double simulated = 60 + p.drainSeconds();
        assertTrue(p.pollerSeconds() >= 4 * 2 * simulated, "at least 2 pollers on each of 4 mappings every second: " + p.pollerSeconds());
        assertTrue(p.pollerSeconds() <= 4 * 20 * simulated, "at most 20: " + p.pollerSeconds());
        assertEquals(90_000 * 4 / 10.0, s.batches(), 1e-6, "every message once, in either mode");
        assertEquals(90_000 * 4 / 10.0, p.batches(), 1e-6);
    }
}
