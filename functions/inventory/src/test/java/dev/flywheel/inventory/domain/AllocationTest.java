package dev.flywheel.inventory.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AllocationTest {
    @Test
    void takesFromShardsInTurnUntilTheLineIsCovered() {
        Map<String, Long> available = Map.of("A#0", 1L, "A#1", 1L, "A#2", 5L);
        List<Allocation> plan = Allocation.plan("order-x", List.of(new Line("A", 3)), Map.of("A", 3), available);
        assertEquals(3, plan.stream().mapToLong(Allocation::quantity).sum());
        plan.forEach(a -> assertEquals(true, a.quantity() <= available.get(a.shardKey())));
    }

    @Test
    void shortStockGivesNoPlan() {
        assertNull(Allocation.plan("o", List.of(new Line("A", 3)), Map.of("A", 2), Map.of("A#0", 1L, "A#1", 1L)));
        assertNull(Allocation.plan("o", List.of(new Line("A", 1), new Line("B", 1)), Map.of("A", 1, "B", 1), Map.of("A#0", 1L)));
    }

    @Test
    void aSingleShardSkuUsesItsOnlyShard() {
        assertEquals(List.of(new Allocation("A", "A#0", 2)), Allocation.plan("o", List.of(new Line("A", 2)), Map.of("A", 1), Map.of("A#0", 9L)));
    }
}
