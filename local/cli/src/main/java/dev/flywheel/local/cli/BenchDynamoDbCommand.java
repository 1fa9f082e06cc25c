package dev.flywheel.local.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flywheel.dynamodb.DynamoDbEngine;
import dev.flywheel.local.emulators.Endpoints;
import dev.flywheel.local.emulators.LocalAws;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

@Command(name = "bench-dynamodb", mixinStandardHelpOptions = true,
        description = {"Operations per second of the embedded DynamoDB engine through SDK v2 (GetItem, PutItem, conditional UpdateItem,",
                "a two-table TransactWriteItems, Query) at 1, 4 and 8 client threads, beside a no-op operation on the same HTTP stack",
                "(the floor: what the protocol alone costs), as ratios measured in one run."})
public final class BenchDynamoDbCommand implements Callable<Integer> {
    private static final int KEYS = 1000;
    private static final String PAYLOAD = "x".repeat(100);

    @Option(names = "--seconds", defaultValue = "3", description = "measured seconds per operation and thread count (default: ${DEFAULT-VALUE})")
    double seconds;
    @Option(names = "--threads", defaultValue = "1,4,8", split = ",", description = "client thread counts (default: ${DEFAULT-VALUE})")
    List<Integer> threads;

    @Override
    public Integer call() throws Exception {
        try (DynamoDbEngine engine = DynamoDbEngine.builder().start();
             DynamoDbEngine floor = DynamoDbEngine.builder().handler((operation, request) -> JsonNodeFactory.instance.objectNode()).start();
             DynamoDbClient dynamo = LocalAws.dynamo(Endpoints.of("http://127.0.0.1:1", engine.endpoint().toString()));
             DynamoDbClient noop = LocalAws.dynamo(Endpoints.of("http://127.0.0.1:1", floor.endpoint().toString()))) {
            setUp(dynamo);
            Map<String, Consumer<ThreadLocalRandom>> operations = new LinkedHashMap<>();
            operations.put("no-op (the floor)", r -> noop.listTables());
            operations.put("GetItem", r -> dynamo.getItem(b -> b.tableName("bench-a").key(key(r))));
            operations.put("PutItem", r -> dynamo.putItem(b -> b.tableName("bench-a").item(item(key(r)))));
            operations.put("UpdateItem, conditional", r -> dynamo.updateItem(b -> b.tableName("bench-a").key(key(r))
                    .updateExpression("SET n = n + :one").conditionExpression("attribute_exists(pk)").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))));
            operations.put("TransactWriteItems, 2 tables", r -> {
                Map<String, AttributeValue> key = key(r);
                dynamo.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder().update(u -> u.tableName("bench-a").key(key).updateExpression("SET n = n - :one")
                                .conditionExpression("n >= :zero").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"), ":zero", AttributeValue.fromN("0"))))
                                        .build(),
                        TransactWriteItem.builder().put(p -> p.tableName("bench-b").item(item(key))).build()));
            });
            operations.put("Query, 10 items", r -> dynamo.query(b -> b.tableName("bench-q").keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("p" + r.nextInt(KEYS / 10))))));

            System.out.printf(Locale.ROOT, "embedded DynamoDB engine, operations per second (ratio to the no-op floor at the same threads), %.0f s each, %d cores%n",
                    seconds, Runtime.getRuntime().availableProcessors());
            // warm up every path once (JIT), so that the first row measured is not the slowest for that reason alone
            for (var op : operations.values()) measure(op, threads.get(threads.size() - 1), Math.min(2.0, seconds));
            Map<String, Map<Integer, Double>> results = new LinkedHashMap<>();
            for (int n : threads) {
                for (var op : operations.entrySet()) {
                    results.computeIfAbsent(op.getKey(), k -> new LinkedHashMap<>()).put(n, measure(op.getValue(), n, seconds));
                }
            }
            StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-30s", "operation"));
            for (int n : threads) header.append(String.format(Locale.ROOT, "  %18s", n + (n == 1 ? " thread" : " threads")));
            System.out.println(header);
            Map<Integer, Double> floorRates = results.get("no-op (the floor)");
            double worst = Double.MAX_VALUE;
            for (var row : results.entrySet()) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-30s", row.getKey()));
                for (int n : threads) {
                    double rate = row.getValue().get(n);
                    double ratio = rate / floorRates.get(n);
                    if (!row.getKey().startsWith("no-op")) worst = Math.min(worst, ratio);
                    line.append(String.format(Locale.ROOT, "  %10.0f (%4.2f)", rate, ratio));
                }
                System.out.println(line);
            }
            Map<Integer, Double> tx = results.get("TransactWriteItems, 2 tables");
            int most = threads.get(threads.size() - 1);
            System.out.printf(Locale.ROOT, "lowest ratio to the floor: %.2f (goal: at least 0.50)%n", worst);
            System.out.printf(Locale.ROOT, "transactions on different items, %d threads against 1: %.2fx (more than 1: they run in parallel)%n",
                    most, tx.get(most) / tx.get(threads.get(0)));
        }
        return 0;
    }

    private static void setUp(DynamoDbClient dynamo) {
        for (String table : List.of("bench-a", "bench-b")) {
            dynamo.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S)).keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        }
        dynamo.createTable(b -> b.tableName("bench-q").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S), a -> a.attributeName("sk").attributeType(ScalarAttributeType.N))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE)));
        for (int i = 0; i < KEYS; i++) {
            Map<String, AttributeValue> item = item(Map.of("pk", AttributeValue.fromS("k" + i)));
            dynamo.putItem(b -> b.tableName("bench-a").item(withN(item, 1_000_000)));
            int k = i;
            dynamo.putItem(b -> b.tableName("bench-q").item(item(Map.of("pk", AttributeValue.fromS("p" + k / 10), "sk", AttributeValue.fromN(Integer.toString(k % 10))))));
        }
    }

    private static Map<String, AttributeValue> key(ThreadLocalRandom r) {
        return Map.of("pk", AttributeValue.fromS("k" + r.nextInt(KEYS)));
    }

    private static Map<String, AttributeValue> item(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(key);
        item.put("payload", AttributeValue.fromS(PAYLOAD));
        item.put("n", AttributeValue.fromN("1000000"));
        return item;
    }

    private static Map<String, AttributeValue> withN(Map<String, AttributeValue> item, long n) {
        Map<String, AttributeValue> out = new LinkedHashMap<>(item);
        out.put("n", AttributeValue.fromN(Long.toString(n)));
        return out;
    }

    /** Operations per second with {@code threads} clients calling as fast as they can for {@code seconds}. */
    private static double measure(Consumer<ThreadLocalRandom> operation, int threads, double seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            long start = System.nanoTime();
            List<Future<Long>> counts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                counts.add(pool.submit(() -> {
                    long done = 0;
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (System.nanoTime() < deadline) {
                        operation.accept(random);
                        done++;
                    }
                    return done;
                }));
            }
            long total = 0;
            for (Future<Long> f : counts) total += f.get();
            return total / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }
}
