package dev.flywheel.local.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CpuLedgerTest {
    private static Duration ms(long millis) { return Duration.ofMillis(millis); }

    @Test
    void aColdStartsInitIsCountedApartFromItsFunctionsWork() {
        CpuLedger.Snapshot from = new CpuLedger.Snapshot(ms(1_000), Map.of(
                1L, new CpuLedger.Environment("orders-worker", ms(5_000), ms(2_000)),
                2L, new CpuLedger.Environment("payments-worker", ms(3_000), ms(2_500))));
        CpuLedger.Snapshot to = new CpuLedger.Snapshot(ms(1_700), Map.of(
                1L, new CpuLedger.Environment("orders-worker", ms(5_400), ms(2_000)),
                2L, new CpuLedger.Environment("payments-worker", ms(3_100), ms(2_500)),
                3L, new CpuLedger.Environment("orders-worker", ms(2_600), ms(2_200)))); // started in between

        CpuLedger.Spent spent = CpuLedger.between(from, to);

        assertEquals(ms(700), spent.work().get(CpuLedger.PLATFORM));
        assertEquals(ms(400 + 400), spent.work().get("orders-worker"), "the old environment's 400 ms and the new one's work after its init");
        assertEquals(ms(100), spent.work().get("payments-worker"));
        assertEquals(ms(2_200), spent.init(), "the new environment's init, whole");
        assertEquals(1, spent.started());
        assertEquals(ms(700 + 800 + 100 + 2_200), spent.total());
    }
}
