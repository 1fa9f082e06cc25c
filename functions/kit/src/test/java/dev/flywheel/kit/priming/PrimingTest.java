package dev.flywheel.kit.priming;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PrimingTest {
    @Test
    void theWarmUpRunsBeforeTheCheckpointAndAFailureDoesNotStopTheSnapshot() {
        AtomicInteger runs = new AtomicInteger();
        Priming ok = Priming.register("test", () -> { Priming.jsonCodec(); runs.incrementAndGet(); });
        Priming failing = Priming.register("failing", () -> { throw new IllegalStateException("no network"); });

        ok.beforeCheckpoint(null);
        assertEquals(1, runs.get());
        assertDoesNotThrow(() -> failing.beforeCheckpoint(null));
    }
}
