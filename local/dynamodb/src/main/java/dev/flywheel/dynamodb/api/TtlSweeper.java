package dev.flywheel.dynamodb.api;

import dev.flywheel.dynamodb.model.Value;
import dev.flywheel.dynamodb.table.KeyTuple;
import dev.flywheel.dynamodb.table.Table;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Deletes items whose TTL attribute (a Number, epoch seconds) lies in the past, in tables with TTL enabled.
 * AWS does this in the background within days, so nothing may rely on the timing; here it runs every sweep
 * interval. Until then an expired item is still read, as on AWS. Items without the attribute, or with a
 * non-number in it, never expire.
 */
public final class TtlSweeper {
    private final Operations operations;
    private final Clock clock;

    public TtlSweeper(Operations operations, Clock clock) {
        this.operations = operations;
        this.clock = clock;
    }

    /** One sweep over every table; answers how many items it deleted. */
    public int sweep() {
        BigDecimal now = BigDecimal.valueOf(clock.millis() / 1000);
        int deleted = 0;
        for (Table table : operations.tables()) {
            String attribute = table.ttlAttribute();
            if (attribute == null) continue;
            List<KeyTuple> expired = new ArrayList<>();
            for (Map.Entry<KeyTuple, Map<String, Value>> e : table.items().range(null, null, false)) {
                if (expired(e.getValue(), attribute, now)) expired.add(e.getKey());
            }
            for (KeyTuple key : expired) {
                ReentrantLock lock = table.lock(key);
                lock.lock();
                try {
                    Map<String, Value> item = table.get(key);
                    if (item != null && expired(item, attribute, now)) { // it may have been rewritten since
                        table.atomically(() -> table.write(key, item, null));
                        deleted++;
                    }
                } finally {
                    lock.unlock();
                }
            }
        }
        return deleted;
    }

    private static boolean expired(Map<String, Value> item, String attribute, BigDecimal now) {
        return item.get(attribute) instanceof Value.N n && n.value().compareTo(now) < 0;
    }
}
