package dev.flywheel.local.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.local.gateway.ApiClient;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The invariants of docs/design.md §1, checked after a run against what the platform actually holds: the orders
 * table, the stock shards, the provider's record of captures and the dead-letter queues.
 */
final class Verdict {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Check(String name, boolean passed, String detail) {}

    final List<Check> checks = new ArrayList<>();
    final Map<String, Long> byStatus = new HashMap<>();
    final Histogram completion = LoadRun.Results.histogram();
    /** The figures behind the checks, for summary.json. */
    long available, confirmed, captures, poisonSent, poisonInDeadLetterQueue, otherDeadLetters;

    boolean passed() { return checks.stream().allMatch(Check::passed); }

    /** Waits (up to {@code drainSeconds}) for every accepted order to end, then checks. */
    /**
     * Messages in each dead-letter queue now, visible or in flight (someone reading a DLQ does not empty it, and a
     * message read before the run would otherwise count as added when it comes back). The check counts only what
     * a run adds.
     */
    static Map<String, Long> dlqDepths(RunningPlatform platform) {
        Map<String, Long> depths = new HashMap<>();
        for (var q : platform.queues().entrySet()) {
            if (!q.getKey().endsWith("-dlq")) continue;
            var attributes = platform.sqs().getQueueAttributes(b -> b.queueUrl(q.getValue()).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            depths.put(q.getKey(), Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    + Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0")));
        }
        return depths;
    }

    private static long available(RunningPlatform platform, String sku) {
        long available = 0;
        for (var item : platform.dynamo().scanPaginator(b -> b.tableName(platform.tables().get("stock"))).items()) {
            if (item.containsKey("sku") && sku.equals(item.get("sku").s())) available += Long.parseLong(item.get("available").n());
        }
        return available;
    }

    /**
     * @param dlqBefore  DLQ depths when the run started
     * @param poisonSent poison messages the run sent to orders-intake: they, and only they, must reach its DLQ
     */
    static Verdict of(RunningPlatform platform, LoadRun.Results run, int drainSeconds, Map<String, Long> dlqBefore, long poisonSent) throws InterruptedException {
        Verdict v = new Verdict();
        long deadline = System.currentTimeMillis() + drainSeconds * 1000L;
        Map<String, Map<String, AttributeValue>> orders = OrderWatch.awaitTerminal(platform.dynamo(), platform.tables().get("orders"), run.orders.keySet(), deadline);
        List<String> open = run.orders.keySet().stream().filter(id -> !orders.containsKey(id)).toList();
        v.checks.add(new Check("every accepted order reached a terminal state", open.isEmpty(),
                open.isEmpty() ? run.orders.size() + " of " + run.orders.size() : open.size() + " still open after " + drainSeconds + " s, e.g. " + open.get(0)));

        long confirmed = 0;
        for (var e : orders.entrySet()) {
            String status = e.getValue().get("status").s();
            v.byStatus.merge(status, 1L, Long::sum);
            if (status.equals("CONFIRMED")) confirmed++;
            Long accepted = run.acceptedAtMillis.get(e.getKey());
            Instant ended = Instant.parse(e.getValue().get("updatedAt").s());
            if (accepted != null) v.completion.recordValue(Math.max(1, ended.toEpochMilli() - accepted) * 1000);
        }

        // a CANCELLED order is terminal before its stock is back: the release is the saga's next message, so the
        // ledger is given until the drain deadline to settle (it never will if units were lost)
        long available = available(platform, run.sku);
        while (run.initialStock != available + confirmed && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            available = available(platform, run.sku);
        }
        v.available = available;
        v.confirmed = confirmed;
        v.checks.add(new Check("stock is conserved (initial = available + confirmed)", run.initialStock == available + confirmed,
                run.initialStock + " = " + available + " + " + confirmed));

        Map<String, Long> captures = new HashMap<>();
        long strayCaptures = 0;
        try {
            JsonNode list = JSON.readTree(new ApiClient(platform.provider()).call(null, "GET", "/v1/captures", null).body());
            for (JsonNode c : list) {
                if (!"captured".equals(c.path("status").asText()) || !run.orders.containsKey(c.path("orderId").asText())) continue;
                captures.merge(c.get("orderId").asText(), 1L, Long::sum);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the provider's captures", e);
        }
        long wrong = 0;
        for (String id : run.orders.keySet()) {
            boolean isConfirmed = orders.containsKey(id) && orders.get(id).get("status").s().equals("CONFIRMED");
            long n = captures.getOrDefault(id, 0L);
            if (isConfirmed ? n != 1 : n != 0) wrong++;
            if (!isConfirmed && n > 0) strayCaptures += n;
        }
        v.captures = captures.values().stream().mapToLong(Long::longValue).sum();
        v.checks.add(new Check("exactly one capture per confirmed order, none for others", wrong == 0,
                captures.values().stream().mapToLong(Long::longValue).sum() + " captures for " + confirmed + " confirmed orders"
                        + (wrong == 0 ? "" : "; " + wrong + " orders wrong, " + strayCaptures + " captures for unconfirmed orders")));

        Map<String, Long> added = new HashMap<>();
        while (true) {
            Map<String, Long> now = dlqDepths(platform);
            now.forEach((q, n) -> added.put(q, n - dlqBefore.getOrDefault(q, 0L)));
            if (added.getOrDefault("orders-intake-dlq", 0L) >= poisonSent || System.currentTimeMillis() > deadline) break;
            Thread.sleep(1000); // poison goes round maxReceiveCount times before SQS moves it
        }
        long poisonInDlq = added.getOrDefault("orders-intake-dlq", 0L);
        long other = added.entrySet().stream().filter(e -> !e.getKey().equals("orders-intake-dlq")).mapToLong(Map.Entry::getValue).sum();
        boolean dlqOk = poisonInDlq == poisonSent && other == 0;
        v.poisonSent = poisonSent;
        v.poisonInDeadLetterQueue = poisonInDlq;
        v.otherDeadLetters = other;
        v.checks.add(new Check("no message in a dead-letter queue unless it was poison", dlqOk,
                poisonSent + " poison sent, " + poisonInDlq + " in orders-intake-dlq, " + other + " in the other DLQs"));

        v.checks.add(new Check("duplicates made no second order, malformed bodies were refused, nothing else was",
                run.violations.isEmpty(), run.violations.isEmpty() ? "no violation" : run.violations.size() + ", e.g. " + run.violations.get(0)));
        return v;
    }

    long completionPercentileMs(double p) {
        return completion.getTotalCount() == 0 ? 0 : completion.getValueAtPercentile(p) / 1000;
    }

    static long ms(long micros) {
        return TimeUnit.MICROSECONDS.toMillis(micros);
    }
}
