package dev.flywheel.local.meter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the functions and event sources asked of SQS and DynamoDB, by operation, in the units AWS bills:
 * SQS requests counted per 64 KiB chunk of payload; DynamoDB on-demand request units as the backend reports them
 * ({@link ConsumedCapacity}: the metered endpoint asks for them), which Flywheel's engine computes by DynamoDB's
 * rules. Where a backend reports none, they are estimated from the bodies (1 write unit per KiB, 2 in a
 * transaction; 1 read unit per 4 KiB read strongly, half that eventually consistent): JSON on the wire is larger
 * than DynamoDB's item size and an update is billed on the whole item, not the request, so the estimate is rough.
 */
public final class Usage {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final long SQS_CHUNK = 64 * 1024;

    /** Counters of one service's operation. */
    public static final class Counter {
        final LongAdder requests = new LongAdder();
        final DoubleAdder billed = new DoubleAdder(); // SQS: 64 KiB request units; DynamoDB: request units (read or write; halves)
        final LongAdder injected = new LongAdder();
        final LongAdder messages = new LongAdder(); // SQS ReceiveMessage: messages returned

        public long messages() { return messages.sum(); }

        public long requests() { return requests.sum(); }

        public double billed() { return billed.sum(); }

        public long injected() { return injected.sum(); }
    }

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    private Counter counter(String service, String operation) {
        return counters.computeIfAbsent(service + ":" + operation, k -> new Counter());
    }

    void injected(String service, String operation) {
        counter(service, operation).injected.increment();
    }

    /** @param reported the capacity units the backend reported for this call (DynamoDB), if it reported any */
    void record(String service, String operation, byte[] request, byte[] response, int status, OptionalDouble reported) {
        int received = 0;
        if (service.equals("sqs") && operation.equals("ReceiveMessage")) {
            received = occurrences(response, "\"ReceiptHandle\"");
            // an empty long poll: AWS's pollers wait 20 s per empty receive, these local ones 1 s, so these are kept apart
            if (received == 0) operation = "ReceiveMessage(empty)";
        }
        Counter c = counter(service, operation);
        c.messages.add(received);
        c.requests.increment();
        if (status >= 400) return; // a failed request is not billed units (a throttled one costs nothing)
        if (service.equals("sqs")) c.billed.add(Math.max(1, (Math.max(request.length, response.length) + SQS_CHUNK - 1) / SQS_CHUNK));
        else {
            String op = operation;
            c.billed.add(reported.orElseGet(() -> dynamoUnits(op, request, response)));
        }
    }

    private static int occurrences(byte[] body, String needle) {
        String text = new String(body, StandardCharsets.UTF_8);
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) n++;
        return n;
    }

    /** Request units of one DynamoDB call, estimated from its bodies. */
    static long dynamoUnits(String operation, byte[] request, byte[] response) {
        try {
            JsonNode req = request.length == 0 ? JSON.createObjectNode() : JSON.readTree(request);
            return switch (operation) {
                case "PutItem", "UpdateItem", "DeleteItem" -> kib(request.length, 1024);
                case "BatchWriteItem" -> {
                    long units = 0;
                    for (JsonNode table : req.path("RequestItems")) for (JsonNode item : table) units += kib(item.toString().length(), 1024);
                    yield units;
                }
                case "TransactWriteItems" -> {
                    long units = 0;
                    for (JsonNode item : req.path("TransactItems")) units += 2 * kib(item.toString().length(), 1024);
                    yield units;
                }
                case "GetItem" -> reads(response.length, req.path("ConsistentRead").asBoolean(false));
                case "Query", "Scan" -> reads(response.length, req.path("ConsistentRead").asBoolean(false));
                case "BatchGetItem" -> {
                    JsonNode res = JSON.readTree(response);
                    long units = 0;
                    for (JsonNode table : res.path("Responses")) for (JsonNode item : table) units += reads(item.toString().length(), false);
                    yield units;
                }
                case "TransactGetItems" -> 2 * reads(response.length, true);
                default -> 0; // control plane (CreateTable, DescribeTable, ...): not billed per request
            };
        } catch (IOException e) {
            return 0;
        }
    }

    private static long reads(long bytes, boolean strong) {
        long units = kib(bytes, 4096);
        return strong ? units : (units + 1) / 2; // eventually consistent: half a unit per 4 KiB, rounded up per call
    }

    private static long kib(long bytes, long unit) {
        return Math.max(1, (bytes + unit - 1) / unit);
    }

    /** The operation's name: from X-Amz-Target (JSON protocols), else the query protocol's Action parameter. */
    static String operation(String target, byte[] body) {
        if (target != null && target.contains(".")) return target.substring(target.lastIndexOf('.') + 1);
        String text = new String(body, 0, Math.min(body.length, 512), StandardCharsets.UTF_8);
        for (String pair : text.split("&")) if (pair.startsWith("Action=")) return URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8);
        return "unknown";
    }

    /** Every operation counted so far, by {@code service:Operation}. */
    public Map<String, PlatformUsage.Operation> operations() {
        Map<String, PlatformUsage.Operation> out = new java.util.TreeMap<>();
        counters.forEach((key, c) -> out.put(key, new PlatformUsage.Operation(c.requests(), c.billed(), c.injected(), c.messages())));
        return out;
    }
}
