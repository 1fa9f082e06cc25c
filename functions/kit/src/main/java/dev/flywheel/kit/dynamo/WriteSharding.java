package dev.flywheel.kit.dynamo;

/**
 * Write sharding for hot keys: one logical counter (a flash-sale SKU's stock) kept as N items
 * {@code key#0 .. key#N-1}, each its own partition, so N times the write rate of one item. A writer
 * starts at a shard chosen by a hash of its own id and moves on when that shard runs short.
 */
public final class WriteSharding {
    private WriteSharding() {}

    public static String shardKey(String key, int shard) { return key + "#" + shard; }

    /** Splits {@code total} over {@code shards} as evenly as integers allow (the first ones get the remainder). */
    public static long[] spread(long total, int shards) {
        if (shards < 1) throw new IllegalArgumentException("shards must be ≥ 1");
        if (total < 0) throw new IllegalArgumentException("total must be ≥ 0");
        long[] parts = new long[shards];
        for (int i = 0; i < shards; i++) parts[i] = total / shards + (i < total % shards ? 1 : 0);
        return parts;
    }

    /** The shard a writer tries first: stable for the same writer id, spread across writers. */
    public static int startShard(String writerId, int shards) {
        return Math.floorMod(writerId.hashCode() * 0x9E3779B9, shards);
    }
}
