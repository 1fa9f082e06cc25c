package dev.flywheel.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.local.LocalPlatform;
import dev.flywheel.local.runtime.InvocationResult;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every queue worker, run in its deployment jar through the real {@code FunctionInvoker} (the local runtime's
 * process, as Lambda runs it), fed generated batches that mix good messages with hostile records: any JSON value
 * (null, numbers, strings, arrays, objects of the wrong shape), envelopes of an unknown type or with data of the
 * wrong shape, broken JSON, unencodable text, and bodies at SQS's 1 MiB limit (good messages too: at the limit,
 * and with a field a newer producer added, which is tolerated, not poison). The worker reports exactly the
 * hostile records as failures (so the event source hands back only those, and after maxReceiveCount SQS moves
 * them to the DLQ: the kit's {@code PoisonBatchTest} and the load harness's poison fault check that half), and
 * each good batch mate has its effect: an order stored, a reservation recorded, a capture made.
 *
 * <p>A platform of its own: the good messages' follow-ups (a stock rejection for an order no one placed, a
 * capture for an order orders-worker never stored) would otherwise land in the shared platform's DLQs.
 */
class PoisonRecordsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** SQS's largest message since August 2025 (it was 256 KiB); no record here carries attributes, so all of it is body. */
    private static final int SQS_MAX_BODY = 1024 * 1024;
    /** Lambda's synchronous payload limit, which the event source's batch cut keeps every event under. */
    private static final int MAX_EVENT_BYTES = 6 * 1024 * 1024;
    private static LocalPlatform platform;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    record Worker(String function, String queue, String fixture) {}

    private static final Worker ORDERS = new Worker("orders-worker", "orders-intake", "orders/sqs-order-placed.json");
    private static final Worker INVENTORY = new Worker("inventory-worker", "inventory-commands", "inventory/sqs-reserve-stock.json");
    private static final Worker PAYMENTS = new Worker("payments-worker", "payments-commands", "payments/sqs-capture-payment.json");

    /** One record of a generated batch: a good message (its order id) or a hostile body. */
    record Entry(boolean hostile, String body, String kind) {
        @Override public String toString() { return (hostile ? "hostile " + kind : "good") + " (" + body.length() + " chars)"; }
    }

    private static synchronized LocalPlatform platform() {
        if (platform == null) platform = LocalPlatform.start(TestPlatforms.options().withFreePorts());
        return platform;
    }

    @AfterContainer
    static void stop() {
        if (platform != null) platform.close();
        platform = null;
    }

    @Property(tries = 40, seed = "20261203")
    void ordersWorkerFailsExactlyTheHostileRecords(@ForAll("ordersBatches") List<Entry> batch) throws Exception {
        check(ORDERS, batch);
    }

    @Property(tries = 40, seed = "20261203")
    void inventoryWorkerFailsExactlyTheHostileRecords(@ForAll("inventoryBatches") List<Entry> batch) throws Exception {
        check(INVENTORY, batch);
    }

    @Property(tries = 40, seed = "20261203")
    void paymentsWorkerFailsExactlyTheHostileRecords(@ForAll("paymentsBatches") List<Entry> batch) throws Exception {
        check(PAYMENTS, batch);
    }

    private void check(Worker worker, List<Entry> batch) throws Exception {
        LocalPlatform p = platform();
        ArrayNode records = JSON.createArrayNode();
        Set<String> hostileIds = new HashSet<>();
        List<String> goodOrders = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Entry e = batch.get(i);
            String messageId = "m-" + SEQUENCE.incrementAndGet();
            if (e.hostile()) hostileIds.add(messageId);
            else goodOrders.add(JSON.readTree(e.body()).path("data").path("orderId").asText());
            Statistics.label("record").collect(e.kind());
            records.add(record(messageId, e.body(), worker.queue()));
        }
        ObjectNode event = JSON.createObjectNode().set("Records", records);
        InvocationResult result = p.invoke(worker.function(), JSON.writeValueAsBytes(event));
        assertEquals(InvocationResult.Status.SUCCESS, result.status(), worker.function() + " answered " + result.message() + " for " + batch);
        Set<String> failed = new HashSet<>();
        JSON.readTree(result.payload()).path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
        assertEquals(hostileIds, failed, worker.function() + " must fail exactly the hostile records of " + batch);
        for (String orderId : goodOrders) assertTrue(hadItsEffect(p, worker, orderId), worker.function() + " had no effect for the good message of order " + orderId + " in "
                + batch);
    }

    private static boolean hadItsEffect(LocalPlatform p, Worker worker, String orderId) {
        if (worker == PAYMENTS) return p.provider().captures().stream().anyMatch(c -> c.orderId().equals(orderId));
        String table = p.resources().table(worker == ORDERS ? "orders" : "reservations");
        return !p.dynamo().getItem(b -> b.tableName(table).key(Map.of("orderId", AttributeValue.fromS(orderId))).consistentRead(true)).item().isEmpty();
    }

    private static ObjectNode record(String messageId, String body, String queue) {
        ObjectNode r = JSON.createObjectNode();
        r.put("messageId", messageId).put("receiptHandle", "handle-" + messageId).put("body", body);
        r.putObject("attributes").put("ApproximateReceiveCount", "1").put("SentTimestamp", Long.toString(System.currentTimeMillis()))
                .put("SenderId", "000000000000").put("ApproximateFirstReceiveTimestamp", Long.toString(System.currentTimeMillis()));
        r.putObject("messageAttributes");
        r.put("md5OfBody", "").put("eventSource", "aws:sqs").put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:" + queue).put("awsRegion", "us-east-1");
        return r;
    }

    @Provide Arbitrary<List<Entry>> ordersBatches() { return batches(ORDERS); }
    @Provide Arbitrary<List<Entry>> inventoryBatches() { return batches(INVENTORY); }
    @Provide Arbitrary<List<Entry>> paymentsBatches() { return batches(PAYMENTS); }

    /** 1 to 10 records (Lambda's default batch size), good ones more often than not. */
    private static Arbitrary<List<Entry>> batches(Worker worker) {
        ObjectNode template = template(worker);
        Arbitrary<Entry> good = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.create(() -> new Entry(false, fresh(template).toString(), "good"))),
                // messages evolve: a field a newer producer added is ignored (Messages' tolerant readers), not poison
                Tuple.of(1, Arbitraries.create(() -> {
                    ObjectNode m = fresh(template);
                    ((ObjectNode) m.get("data")).put("addedLater", true);
                    return new Entry(false, m.toString(), "good, with a field added later");
                })),
                Tuple.of(1, Arbitraries.create(() -> new Entry(false, padded(fresh(template)), "good, at the size limit"))));
        // at most two bodies at the limit: the event source never invokes with more than 6 MB (it cuts the batch), and
        // each 1 MiB body costs the suite seconds; the boundary itself is what they are here for
        return Arbitraries.frequencyOf(Tuple.of(3, good), Tuple.of(2, hostile(template))).list().ofMinSize(1).ofMaxSize(10)
                .filter(b -> b.stream().filter(e -> e.body().length() >= SQS_MAX_BODY).count() <= 2
                        && b.stream().mapToLong(e -> e.body().length() + 600L).sum() < MAX_EVENT_BYTES);
    }

    /** The fixture's message with a fresh message id and order id, and a SKU no product has (nothing real is reserved). */
    private static ObjectNode fresh(ObjectNode template) {
        ObjectNode message = template.deepCopy();
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        message.put("id", "01POISONENV" + unique.substring(0, 15));
        ObjectNode data = (ObjectNode) message.get("data");
        data.put("orderId", "01POISON00" + unique);
        if (data.has("items")) ((ObjectNode) data.get("items").get(0)).put("sku", "SKU-NO-SUCH-PRODUCT");
        return message;
    }

    private static Arbitrary<Entry> hostile(ObjectNode template) {
        Arbitrary<Entry> anyJsonValue = Arbitraries.of("null", "true", "0", "-1.5e300", "\"OrderPlaced\"", "[]", "[1,{\"a\":null}]", "{}",
                "{\"type\":null}", "{\"data\":{}}").map(b -> new Entry(true, b, "any JSON value"));
        Arbitrary<Entry> unknownType = Arbitraries.create(() -> {
            ObjectNode m = fresh(template);
            m.put("type", "NoSuchMessage");
            return new Entry(true, m.toString(), "unknown type");
        });
        Arbitrary<Entry> wrongData = Arbitraries.of("null", "[]", "\"x\"", "7", "{}", "{\"orderId\":null}", "{\"orderId\":{\"nested\":true}}")
                .map(data -> {
                    ObjectNode m = fresh(template);
                    try {
                        m.set("data", JSON.readTree(data));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return new Entry(true, m.toString(), "data of the wrong shape");
                });
        Arbitrary<Entry> broken = Arbitraries.strings().ofMinLength(0).ofMaxLength(60).map(s -> "{\"id\":" + s)
                .map(b -> new Entry(true, b, "broken JSON"));
        Arbitrary<Entry> unencodable = Arbitraries.create(() -> new Entry(true, "{\"id\":\"\uD800\",\"type\":\"" + template.path("type").asText() + "\"}", "unencodable text"));
        Arbitrary<Entry> atTheSizeLimit = Arbitraries.create(() -> {
            ObjectNode m = fresh(template);
            m.put("type", "NoSuchMessage");
            return new Entry(true, padded(m), "unknown type, at the size limit");
        });
        return Arbitraries.oneOf(anyJsonValue, unknownType, wrongData, broken, unencodable, atTheSizeLimit);
    }

    /**
     * The message brought to exactly SQS's 1 MiB, the largest body SQS carries, by a field added to its data (which
     * readers tolerate) holding strings of 1 KiB (each within the kit's string limit).
     */
    private static String padded(ObjectNode message) {
        ArrayNode padding = ((ObjectNode) message.get("data")).putArray("addedLater");
        while (message.toString().length() < SQS_MAX_BODY - 2048) padding.add("p".repeat(1024));
        int missing = SQS_MAX_BODY - message.toString().length() - 3; // the last string's quotes and comma
        padding.add("p".repeat(missing));
        String body = message.toString();
        if (body.getBytes(StandardCharsets.UTF_8).length != SQS_MAX_BODY) throw new IllegalStateException("padded to " + body.length());
        return body;
    }

    private static ObjectNode template(Worker worker) {
        Path root = Path.of(System.getProperty("flywheel.root", "..")).toAbsolutePath().normalize();
        try {
            JsonNode fixture = JSON.readTree(Files.readString(root.resolve("events").resolve(worker.fixture())));
            return (ObjectNode) JSON.readTree(fixture.get("Records").get(0).get("body").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
