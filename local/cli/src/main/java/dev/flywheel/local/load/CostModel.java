package dev.flywheel.local.load;

import dev.flywheel.local.meter.PlatformUsage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Cost per million orders on AWS, from what a run actually used ({@link PlatformUsage#since}) and the price table in
 * {@code pricing/aws-us-east-1.json}: API requests, Lambda requests and GB-seconds (Arm), SQS requests in 64 KiB
 * units, DynamoDB on-demand read and write units; provisioned concurrency as Lambda bills it (environment-time at its
 * own price, durations in it at a lower one), charged at the run's order rate. Beside it, a naive configuration of the same system: SQS batch
 * size 1 (an invocation, a receive and a delete per message), an idempotency record per message (two more writes:
 * INPROGRESS, COMPLETED), x86 and a REST API. The naive figure is a lower bound: it is charged no extra compute for
 * running ten times as many invocations, only their requests.
 */
final class CostModel {
    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems");

    record Line(String item, double flywheel, double naive) {}

    /** Dollars per million orders, rounded to cents, as summary.json and the report show them. */
    public record Cost(String pricesAsOf, Map<String, Amounts> perMillionOrdersUsd) {
        public record Amounts(double flywheel, double naive) {}

        static Cost of(Map<String, Line> lines, PriceTable prices) {
            Map<String, Amounts> items = new LinkedHashMap<>();
            lines.values().forEach(l -> items.put(l.item(), new Amounts(round(l.flywheel()), round(l.naive()))));
            return new Cost(prices.asOf(), items);
        }
    }

    /** Dollars per million orders for each item, both configurations; {@code orders} is how many the run placed. */
    static Map<String, Line> perMillionOrders(PlatformUsage usage, long orders, PriceTable p) {
        double scale = orders == 0 ? 0 : 1_000_000.0 / orders;
        long apiRequests = usage.api().requests();
        long invocations = 0, workerInvocations = 0;
        double gbSeconds = 0, provisionedGbSeconds = 0, provisionedDurationGbSeconds = 0;
        for (PlatformUsage.Function f : usage.lambda().values()) {
            invocations += f.invocations();
            gbSeconds += f.gbSeconds();
            provisionedGbSeconds += f.provisionedGbSeconds();
            provisionedDurationGbSeconds += f.provisionedDurationGbSeconds();
            if (f.worker()) workerInvocations += f.invocations();
        }
        long messagesConsumed = 0;
        double sqsUnits = 0, receiveAndDelete = 0, writeUnits = 0, readUnits = 0;
        for (var e : usage.aws().entrySet()) {
            String[] key = e.getKey().split(":", 2);
            double billed = e.getValue().billed();
            if (key[0].equals("sqs")) {
                if (key[1].equals("ReceiveMessage(empty)")) continue; // see Usage: local pollers poll 20x as often as AWS's
                sqsUnits += billed;
                if (key[1].equals("ReceiveMessage")) messagesConsumed += e.getValue().messages();
                if (key[1].equals("ReceiveMessage") || key[1].startsWith("DeleteMessage")) receiveAndDelete += billed;
            } else if (WRITES.contains(key[1])) {
                writeUnits += billed;
            } else {
                readUnits += billed;
            }
        }
        long naiveInvocations = invocations - workerInvocations + messagesConsumed;
        double naiveSqs = sqsUnits - receiveAndDelete + 2 * messagesConsumed;
        double naiveWrites = writeUnits + 2 * messagesConsumed;

        Map<String, Line> lines = new LinkedHashMap<>();
        lines.put("API requests", new Line("API requests", p.apiRequests(apiRequests, false) * scale, p.apiRequests(apiRequests, true) * scale));
        lines.put("Lambda requests", new Line("Lambda requests", p.lambdaRequests(invocations) * scale, p.lambdaRequests(naiveInvocations) * scale));
        // on demand: durations and the init of cold starts; in provisioned environments durations cost less, but the
        // environments cost their memory × time whether used or not. The naive configuration runs everything on demand.
        lines.put("Lambda GB-seconds", new Line("Lambda GB-seconds",
                (p.lambdaDuration(gbSeconds, false) + p.lambdaProvisionedDuration(provisionedDurationGbSeconds)) * scale,
                p.lambdaDuration(gbSeconds + provisionedDurationGbSeconds, true) * scale));
        lines.put("Lambda provisioned", new Line("Lambda provisioned", p.lambdaProvisioned(provisionedGbSeconds) * scale, 0));
        lines.put("SQS requests", new Line("SQS requests", p.sqsRequests(sqsUnits) * scale, p.sqsRequests(naiveSqs) * scale));
        lines.put("DynamoDB writes", new Line("DynamoDB writes", p.dynamoWrites(writeUnits) * scale, p.dynamoWrites(naiveWrites) * scale));
        lines.put("DynamoDB reads", new Line("DynamoDB reads", p.dynamoReads(readUnits) * scale, p.dynamoReads(readUnits) * scale));
        double total = lines.values().stream().mapToDouble(Line::flywheel).sum(), naive = lines.values().stream().mapToDouble(Line::naive).sum();
        lines.put("total", new Line("total", total, naive));
        return lines;
    }

    private static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }
}
