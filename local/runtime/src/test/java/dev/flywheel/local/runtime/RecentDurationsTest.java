package dev.flywheel.local.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecentDurationsTest {

    @Test
    void percentilesOfEachIntervalToTheNearestPercentAndNothingForAnEmptyOne() {
        RecentDurations durations = new RecentDurations();
        assertTrue(durations.take().isEmpty(), "nothing recorded yet");
        for (int i = 1; i <= 100; i++) durations.record(i); // 1..100 ms
        durations.record(30_000); // a timeout: the histogram grows to hold it
        RecentDurations.Percentiles first = durations.take().orElseThrow();
        assertEquals(51, first.p50(), 51 * 0.01, "two significant digits: within 1%");
        assertEquals(96, first.p95(), 96 * 0.01);
        assertEquals(100, first.p99(), 100 * 0.01);
        assertTrue(durations.take().isEmpty(), "an interval holds only what came after the last take");

        durations.record(7.5);
        durations.record(7.5);
        RecentDurations.Percentiles next = durations.take().orElseThrow();
        assertEquals(7.5, next.p50(), 7.5 * 0.01, "the reused histogram starts empty");
        assertEquals(7.5, next.p99(), 7.5 * 0.01);
    }
}
