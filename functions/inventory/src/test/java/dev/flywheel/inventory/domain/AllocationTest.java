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

    @Test
    void ordersPlannedTogetherShareShardsFromOneStartAndOneThatDoesNotFitIsLeftOut() {
        Map<String, Long> available = Map.of("A#0", 2L, "A#1", 2L, "A#2", 2L, "A#3", 2L);
        List<PricedOrder> orders = List.of(order("o-1", 2), order("o-2", 3), order("o-3", 4), order("o-4", 1));
        Map<String, List<Allocation>> plans = Allocation.planTogether(orders, available);

        assertEquals(List.of("o-1", "o-2", "o-4"), List.copyOf(plans.keySet()), "o-3 wants 4 of the 3 left after o-1 and o-2");
        Map<String, Long> taken = new java.util.HashMap<>();
        plans.values().forEach(plan -> plan.forEach(a -> taken.merge(a.shardKey(), a.quantity(), Long::sum)));
        taken.forEach((shard, q) -> assertEquals(true, q <= available.get(shard), shard + " is not overdrawn: " + taken));
        assertEquals(6, taken.values().stream().mapToLong(Long::longValue).sum());
        assertEquals(3, taken.size(), "6 units from 3 shards of 2, not one shard per order: " + taken);
    }

    private static PricedOrder order(String id, int quantity) {
        return new PricedOrder(id, List.of(new Line("A", quantity)), Map.of("A", 4), new dev.flywheel.kit.money.Money(100L * quantity, "EUR"));
    }
}
