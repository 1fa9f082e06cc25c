package dev.flywheel.local.runtime;

import dev.flywheel.topology.PollerScaling;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScalingRuleTest {

    @Test
    void lambdasOwnFiguresAtFactorOne() {
        ScalingRule rule = new ScalingRule(1.0, 1000);
        assertEquals(5, rule.next(1, 1, 100, 1), "starts at 5 concurrent batches once there is backlog");
        assertEquals(10, rule.next(5, 5, 100, 1), "+300 per minute is +5 per second while all slots are busy");
        assertEquals(310, rule.next(10, 10, 100, 60), "a minute of backlog adds 300");
    }

    @Test
    void laptopFactorStartsAtOneAndAddsOnePerSecond() {
        ScalingRule rule = new ScalingRule(0.2, 20);
        assertEquals(1, rule.initial());
        int c = rule.next(1, 1, 50, 1);
        assertEquals(2, c);
        assertEquals(2, rule.next(c, 2, 50, 0.5), "half a second earns half a slot");
        assertEquals(3, rule.next(2, 2, 50, 0.5), "and the other half completes it");
    }

    @Test
    void neverAboveTheMaximumAndNoGrowthWithSpareSlots() {
        ScalingRule rule = new ScalingRule(1.0, 8);
        assertEquals(8, rule.next(5, 5, 1_000, 60));
        assertEquals(6, rule.next(6, 3, 1_000, 1), "slots idle while backlog remains: keep, do not add");
    }

    @Test
    void fallsBackToTheBusySlotsWhenTheQueueIsEmpty() {
        ScalingRule rule = new ScalingRule(1.0, 100);
        assertEquals(3, rule.next(10, 3, 0, 1));
        assertEquals(1, rule.next(10, 0, 0, 1), "one poller keeps listening");
    }

    /**
     * The same backlog, second by second, under both modes at the laptop's factor: provisioned mode starts at its
     * minimum pollers' concurrency, grows 1,000/300 times as fast, reaches its ceiling sooner, and keeps its floor
     * when the queue is empty; standard mode starts at one batch and falls back to one poller.
     */
    @Test
    void provisionedModeStartsAtItsMinimumRampsFasterAndKeepsItsFloor() {
        ScalingRule standard = new ScalingRule(0.2, new PollerScaling.Standard(20), 40);
        ScalingRule provisioned = new ScalingRule(0.2, new PollerScaling.Provisioned(2, 4), 40);
        assertEquals(List.of(1, 1, 20), List.of(standard.initial(), standard.floor(), standard.maximum()));
        assertEquals(List.of(4, 4, 40), List.of(provisioned.initial(), provisioned.floor(), provisioned.maximum()),
                "2 pollers × 10 invocations × 0.2; ceiling 4 × 10, within the machine's 40");

        List<Integer> standardRamp = ramp(standard, 10), provisionedRamp = ramp(provisioned, 10);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), standardRamp, "+60 a minute at 0.2: one a second");
        assertEquals(List.of(4, 7, 10, 14, 17, 20, 24, 27, 30, 34), provisionedRamp, "+1,000 a minute at 0.2: 3⅓ a second");
        assertEquals(20, ramp(standard, 60).get(59), "standard reaches its maximum concurrency of 20");
        assertEquals(40, ramp(provisioned, 60).get(59), "provisioned reaches its maximum pollers' 40");

        assertEquals(1, standard.next(20, 0, 0, 1), "standard: one poller listens when the queue is empty");
        assertEquals(4, provisioned.next(40, 0, 0, 1), "provisioned: the minimum pollers stay");
        assertEquals(4, provisioned.next(4, 1, 50, 1), "spare slots with backlog: no growth, and never under the floor");
    }

    /** Concurrency after each second of a backlog that never ends, every slot busy. */
    private static List<Integer> ramp(ScalingRule rule, int seconds) {
        List<Integer> series = new ArrayList<>();
        int c = rule.initial();
        series.add(c);
        for (int s = 1; s < seconds; s++) {
            c = rule.next(c, c, 10_000, 1);
            series.add(c);
        }
        return series;
    }
}
