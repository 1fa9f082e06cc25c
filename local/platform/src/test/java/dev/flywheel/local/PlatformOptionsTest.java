package dev.flywheel.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PlatformOptionsTest {
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private final PlatformOptions defaults = PlatformOptions.defaults(Path.of("."));

    @Test
    void theBatchBudgetIsTwoPerCoreAndNeverLessThanAPollerPerEventSource() {
        // the standard topology's four mappings hold one poller each from the start
        assertEquals(Math.max(4, 2 * CORES), defaults.maxConcurrency());
    }

    @Test
    void aProvisionedMappingsMinimumPollersAreHeldFromTheStartAndCountedIn() {
        // orders-intake at 2 minimum pollers: 2 x 10 x the scale factor 0.2 = 4 slots, plus one for each other mapping
        PlatformOptions provisioned = defaults.withProvisionedPollers("orders-intake=2:20");
        assertEquals(Math.max(4 + 3, 2 * CORES), provisioned.maxConcurrency());
        // a larger scale factor holds more: 2 x 10 x 0.5 = 10, plus 3
        assertEquals(Math.max(10 + 3, 2 * CORES), provisioned.withScalingFactor(0.5).maxConcurrency());
    }

    @Test
    void aBudgetGivenExplicitlyIsKeptAndOneUnderAPollerPerSourceIsRefused() {
        assertEquals(6, defaults.withScaling(0.2, 6).maxConcurrency());
        assertThrows(IllegalArgumentException.class, () -> defaults.withScaling(0.2, 3));
    }
}
