package dev.flywheel.kit.dynamo;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WriteShardingTest {
    @Test
    void spreadConservesTheTotalAndDiffersByAtMostOne() {
        assertArrayEquals(new long[] {63, 63, 63, 63, 62, 62, 62, 62}, WriteSharding.spread(500, 8));
        assertArrayEquals(new long[] {1, 1, 0}, WriteSharding.spread(2, 3));
        assertEquals(50, Arrays.stream(WriteSharding.spread(50, 16)).sum());
        assertThrows(IllegalArgumentException.class, () -> WriteSharding.spread(5, 0));
    }

    @Test
    void startShardsAreStableAndSpreadAcrossShards() {
        assertEquals(WriteSharding.startShard("order-1", 8), WriteSharding.startShard("order-1", 8));
        Set<Integer> used = new HashSet<>();
        IntStream.range(0, 200).forEach(i -> used.add(WriteSharding.startShard("01KAQ3Z5M8N2P4R6T8V0W2X" + i, 8)));
        assertEquals(8, used.size(), "200 writers use all 8 shards");
        assertTrue(used.stream().allMatch(s -> s >= 0 && s < 8));
    }
}
