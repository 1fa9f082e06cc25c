package dev.flywheel.dynamodb;

import dev.flywheel.dynamodb.table.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine on disk: tables, items, indexes and TTL settings survive a restart, and a SIGKILL mid-write leaves a whole store. */
class DurabilityTest {

    @Test
    void tablesItemsIndexesAndTtlSurviveARestart(@TempDir Path dir) {
        Path file = dir.resolve("dynamodb.mv.db");
        try (DynamoDbEngine engine = DynamoDbEngine.builder().storage(Storage.onDisk(file, Duration.ofMillis(50))).start(); DynamoDbClient dynamo = EngineTest.client(engine)) {
            dynamo.createTable(b -> b.tableName("orders").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(QueryScanConformanceTest.def("pk", ScalarAttributeType.S), QueryScanConformanceTest.def("user", ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byUser").keySchema(k -> k.attributeName("user").keyType(KeyType.HASH))
                            .projection(p -> p.projectionType(ProjectionType.ALL)).build()));
            dynamo.updateTimeToLive(b -> b.tableName("orders").timeToLiveSpecification(t -> t.attributeName("expires").enabled(true)));
            for (int i = 0; i < 50; i++) {
                int k = i;
                dynamo.putItem(b -> b.tableName("orders").item(Map.of("pk", s("o" + k), "user", s("u" + k % 5), "n", n(k))));
            }
            dynamo.deleteItem(b -> b.tableName("orders").key(Map.of("pk", s("o0"))));
        }
        try (DynamoDbEngine engine = DynamoDbEngine.builder().storage(Storage.onDisk(file, Duration.ofMillis(50))).start(); DynamoDbClient dynamo = EngineTest.client(engine)) {
            assertEquals(49, dynamo.scan(b -> b.tableName("orders")).count());
            assertEquals("7", dynamo.getItem(b -> b.tableName("orders").key(Map.of("pk", s("o7")))).item().get("n").n());
            assertEquals(10, dynamo.query(b -> b.tableName("orders").indexName("byUser").keyConditionExpression("#u = :u")
                    .expressionAttributeNames(Map.of("#u", "user")).expressionAttributeValues(Map.of(":u", s("u2")))).count(), "the index is rebuilt from the items");
            assertEquals(9, dynamo.query(b -> b.tableName("orders").indexName("byUser").keyConditionExpression("#u = :u")
                    .expressionAttributeNames(Map.of("#u", "user")).expressionAttributeValues(Map.of(":u", s("u0")))).count(), "o0 was deleted");
            var ttl = dynamo.describeTimeToLive(b -> b.tableName("orders")).timeToLiveDescription();
            assertEquals(TimeToLiveStatus.ENABLED, ttl.timeToLiveStatus());
            assertEquals("expires", ttl.attributeName());
        }
    }

    @Test
    void aKilledEngineRestartsWithWholeTransactionsAndLosesAtMostTheLastCommitInterval(@TempDir Path dir) throws Exception {
        int port = freePort();
        int accounts = 8;
        int writerCount = 4;
        long total = 2L * accounts * 1000;
        Process engine = startEngine(port, dir);
        AtomicLong acknowledged = new AtomicLong();
        // sent and not refused: a transfer in flight at the kill may be committed with its answer never sent
        AtomicLong sent = new AtomicLong();
        long acknowledgedWellBeforeKill;
        try (DynamoDbClient dynamo = client(port)) {
            for (String table : List.of("left", "right")) {
                dynamo.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S)).keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
                for (int i = 0; i < accounts; i++) {
                    int k = i;
                    dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("a" + k), "balance", n(1000))));
                }
            }
            Thread.sleep(300); // the accounts are committed before the transfers start
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < writerCount; t++) {
                Thread writer = new Thread(() -> {
                    while (running.get()) {
                        ThreadLocalRandom r = ThreadLocalRandom.current();
                        String from = "a" + r.nextInt(accounts), to = "a" + r.nextInt(accounts), amount = String.valueOf(1 + r.nextInt(50));
                        boolean leftToRight = r.nextBoolean();
                        String debited = leftToRight ? "left" : "right", credited = leftToRight ? "right" : "left";
                        sent.incrementAndGet();
                        try {
                            dynamo.transactWriteItems(b -> b.transactItems(
                                    TransactWriteItem.builder().update(Update.builder().tableName(debited).key(Map.of("pk", s(from)))
                                            .updateExpression("SET balance = balance - :x").conditionExpression("balance >= :x").expressionAttributeValues(Map.of(":x",
                                                    AttributeValue.fromN(amount))).build()).build(),
                                    TransactWriteItem.builder().update(Update.builder().tableName(credited).key(Map.of("pk", s(to)))
                                            .updateExpression("SET balance = balance + :x").expressionAttributeValues(Map.of(":x", AttributeValue.fromN(amount))).build()).build(),
                                    TransactWriteItem.builder().update(Update.builder().tableName("right").key(Map.of("pk", s("transfers")))
                                            .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", n(1))).build()).build()));
                            acknowledged.incrementAndGet();
                        } catch (TransactionCanceledException refused) {
                            sent.decrementAndGet(); // not enough on the debited side: nothing written
                        } catch (RuntimeException killed) {
                            return; // the engine is gone
                        }
                    }
                });
                writer.start();
                writers.add(writer);
            }
            Thread.sleep(1500);
            acknowledgedWellBeforeKill = acknowledged.get();
            Thread.sleep(500); // 5 commit intervals later
            engine.destroyForcibly().waitFor(); // SIGKILL, mid-write
            running.set(false);
            for (Thread w : writers) w.join();
        }
        assertTrue(acknowledgedWellBeforeKill > 0, "transfers ran before the kill");
        Process restarted = startEngine(port, dir);
        try (DynamoDbClient dynamo = client(port)) {
            long sum = 0;
            for (String table : List.of("left", "right")) {
                for (int i = 0; i < accounts; i++) {
                    int k = i;
                    long balance = Long.parseLong(dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", s("a" + k)))).item().get("balance").n());
                    assertTrue(balance >= 0, "no negative balance");
                    sum += balance;
                }
            }
            assertEquals(total, sum, "every transfer is whole: no transaction was torn by the kill");
            long kept = Long.parseLong(dynamo.getItem(b -> b.tableName("right").key(Map.of("pk", s("transfers")))).item().get("n").n());
            assertTrue(kept >= acknowledgedWellBeforeKill, "transfers acknowledged 500 ms before the kill were kept: " + kept + " of " + acknowledgedWellBeforeKill);
            // a transfer whose answer the kill cut off may or may not be kept (as with DynamoDB when an answer is lost),
            // but nothing that was never sent can appear: one in flight per writer at most
            assertTrue(kept <= sent.get(), "nothing that was not sent appeared: " + kept + " > " + sent.get());
            assertTrue(sent.get() - acknowledged.get() <= writerCount, "at most one transfer in flight per writer");
            System.out.printf("crash test: %d transfers acknowledged, %d kept after SIGKILL and restart (%d acknowledged 500 ms before the kill)%n",
                    acknowledged.get(), kept, acknowledgedWellBeforeKill);
        } finally {
            restarted.destroyForcibly().waitFor();
        }
    }

    private static Process startEngine(int port, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                DynamoDbEngine.class.getName(), "--port", Integer.toString(port), "--data", dir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
                return p;
            } catch (IOException notYet) {
                if (!p.isAlive()) throw new IOException("the engine exited with " + p.exitValue());
                Thread.sleep(50);
            }
        }
        throw new IOException("the engine did not listen on " + port);
    }

    private static DynamoDbClient client(int port) {
        return DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(software.amazon.awssdk.auth.credentials.AwsBasicCredentials
                        .create("a", "a")))
                .overrideConfiguration(c -> c.retryStrategy(software.amazon.awssdk.core.retry.RetryMode.STANDARD).apiCallTimeout(Duration.ofSeconds(5)))
                .httpClient(software.amazon.awssdk.http.apache.ApacheHttpClient.create()).build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static AttributeValue s(String v) { return AttributeValue.fromS(v); }
    private static AttributeValue n(long v) { return AttributeValue.fromN(Long.toString(v)); }
}
