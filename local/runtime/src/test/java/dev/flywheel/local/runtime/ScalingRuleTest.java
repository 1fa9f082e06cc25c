package dev.flywheel.local.runtime;

import org.junit.jupiter.api.Test;

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
}
