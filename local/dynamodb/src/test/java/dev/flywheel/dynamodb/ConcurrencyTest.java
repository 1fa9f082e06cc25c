package dev.flywheel.dynamodb;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many clients at once, through HTTP: the anomalies a per-item lock or an atomic transaction must prevent
 * would show here as a lost update, an oversold stock or a torn transfer.
 */
class ConcurrencyTest extends EngineTest {
    private static final int THREADS = 8;

    private static void parallel(int threads, Callable<Void> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) futures.add(pool.submit(work));
            for (Future<Void> f : futures) f.get();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void noUpdateIsLost() throws Exception {
        String t = table();
        parallel(THREADS, () -> {
            for (int i = 0; i < 150; i++) {
                dynamo.updateItem(b -> b.tableName(t).key(key("counter")).updateExpression("SET n = if_not_exists(n, :zero) + :one")
                        .expressionAttributeValues(Map.of(":zero", n("0"), ":one", n("1"))));
            }
            return null;
        });
        assertEquals(String.valueOf(THREADS * 150), dynamo.getItem(b -> b.tableName(t).key(key("counter"))).item().get("n").n());
    }

    @Test
    void conditionalDecrementsNeverOversell() throws Exception {
        String t = table();
        dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("sku"), "available", n("100"))));
        AtomicInteger sold = new AtomicInteger();
        parallel(THREADS, () -> {
            for (int i = 0; i < 40; i++) {
                try {
                    dynamo.updateItem(b -> b.tableName(t).key(key("sku")).updateExpression("SET available = available - :q")
                            .conditionExpression("available >= :q").expressionAttributeValues(Map.of(":q", n("1"))));
                    sold.incrementAndGet();
                } catch (ConditionalCheckFailedException refused) {
                    // sold out
                }
            }
            return null;
        });
        assertEquals(100, sold.get());
        assertEquals("0", dynamo.getItem(b -> b.tableName(t).key(key("sku"))).item().get("available").n());
    }

    @Test
    void transfersAcrossTwoTablesAreNeverSeenHalfDone() throws Exception {
        String left = table();
        String right = table();
        int accounts = 4;
        for (int i = 0; i < accounts; i++) {
            int k = i;
            dynamo.putItem(b -> b.tableName(left).item(Map.of("pk", s("a" + k), "balance", n("1000"))));
            dynamo.putItem(b -> b.tableName(right).item(Map.of("pk", s("a" + k), "balance", n("1000"))));
        }
        long total = 2L * accounts * 1000;
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger torn = new AtomicInteger();
        AtomicInteger committed = new AtomicInteger();
        Thread auditor = new Thread(() -> {
            while (writing.get()) {
                List<TransactGetItem> gets = new ArrayList<>();
                for (int i = 0; i < accounts; i++) {
                    int k = i;
                    gets.add(TransactGetItem.builder().get(g -> g.tableName(left).key(key("a" + k))).build());
                    gets.add(TransactGetItem.builder().get(g -> g.tableName(right).key(key("a" + k))).build());
                }
                long sum = dynamo.transactGetItems(b -> b.transactItems(gets)).responses().stream()
                        .mapToLong(r -> Long.parseLong(r.item().get("balance").n())).sum();
                if (sum != total) torn.incrementAndGet();
            }
        });
        auditor.start();
        parallel(THREADS, () -> {
            for (int i = 0; i < 60; i++) {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                String from = "a" + random.nextInt(accounts);
                String to = "a" + random.nextInt(accounts);
                String amount = String.valueOf(1 + random.nextInt(300));
                var debit = TransactWriteItem.builder().update(Update.builder().tableName(left).key(key(from))
                        .updateExpression("SET balance = balance - :x").conditionExpression("balance >= :x").expressionAttributeValues(Map.of(":x", n(amount))).build()).build();
                var credit = TransactWriteItem.builder().update(Update.builder().tableName(right).key(key(to))
                        .updateExpression("SET balance = balance + :x").expressionAttributeValues(Map.of(":x", n(amount))).build()).build();
                try {
                    dynamo.transactWriteItems(b -> b.transactItems(debit, credit));
                    committed.incrementAndGet();
                } catch (TransactionCanceledException refused) {
                    // not enough on the left: nothing happened
                }
            }
            return null;
        });
        writing.set(false);
        auditor.join();
        assertTrue(committed.get() > 0);
        assertEquals(0, torn.get(), "a reader saw a transfer half applied");
        long sum = 0;
        for (int i = 0; i < accounts; i++) {
            int k = i;
            sum += Long.parseLong(dynamo.getItem(b -> b.tableName(left).key(key("a" + k))).item().get("balance").n());
            sum += Long.parseLong(dynamo.getItem(b -> b.tableName(right).key(key("a" + k))).item().get("balance").n());
            assertTrue(Long.parseLong(dynamo.getItem(b -> b.tableName(left).key(key("a" + k))).item().get("balance").n()) >= 0, "a balance went negative");
        }
        assertEquals(total, sum);
    }
}
