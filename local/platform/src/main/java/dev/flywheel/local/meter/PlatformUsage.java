package dev.flywheel.local.meter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the platform has used since it started, as {@code GET /platform/usage} answers it: the cost model's input.
 * Counters add up; settings (a function's memory, whether it is a worker, how many environments are provisioned)
 * describe the platform and are taken from the later reading.
 *
 * @param aws per {@code service:Operation} (e.g. {@code sqs:SendMessageBatch}), as the metered endpoints count them
 */
public record PlatformUsage(Api api, Map<String, Function> lambda, Map<String, Operation> aws) {

    public record Api(long requests, long throttled) {
        Api combine(Api o, int sign) { return new Api(requests + sign * o.requests, throttled + sign * o.throttled); }
    }

    /**
     * @param billedSeconds on demand: durations plus the init of cold starts; provisioned: durations only (below)
     * @param initSeconds   the part of {@code billedSeconds} that was the init of cold starts (billed since August 2025)
     * @param provisioned   environments kept provisioned now (a setting)
     * @param messages      SQS messages delivered to it
     */
    public record Function(long invocations, long coldStarts, int memoryMb, double billedSeconds, double initSeconds, double gbSeconds, int provisioned,
                           double provisionedGbSeconds, double provisionedDurationGbSeconds, boolean worker, long messages) {
        Function combine(Function o, int sign) {
            return new Function(invocations + sign * o.invocations, coldStarts + sign * o.coldStarts, memoryMb,
                    billedSeconds + sign * o.billedSeconds, initSeconds + sign * o.initSeconds, gbSeconds + sign * o.gbSeconds, provisioned,
                    provisionedGbSeconds + sign * o.provisionedGbSeconds, provisionedDurationGbSeconds + sign * o.provisionedDurationGbSeconds,
                    worker, messages + sign * o.messages);
        }
    }

    /** @param billed billed units: SQS requests per 64 KiB chunk, DynamoDB read or write units */
    public record Operation(long requests, double billed, long injected, long messages) {
        Operation combine(Operation o, int sign) {
            return new Operation(requests + sign * o.requests, billed + sign * o.billed, injected + sign * o.injected, messages + sign * o.messages);
        }
    }

    /** What was used between {@code earlier} and this reading. */
    public PlatformUsage since(PlatformUsage earlier) {
        return combine(earlier, -1);
    }

    /** Two stretches added together (a platform that restarted counts from zero again); settings from this one. */
    public PlatformUsage plus(PlatformUsage other) {
        return combine(other, 1);
    }

    private PlatformUsage combine(PlatformUsage other, int sign) {
        Map<String, Function> functions = new LinkedHashMap<>();
        lambda.forEach((name, f) -> functions.put(name, other.lambda.containsKey(name) ? f.combine(other.lambda.get(name), sign) : f));
        if (sign > 0) other.lambda.forEach(functions::putIfAbsent);
        Map<String, Operation> operations = new LinkedHashMap<>();
        aws.forEach((key, op) -> operations.put(key, other.aws.containsKey(key) ? op.combine(other.aws.get(key), sign) : op));
        if (sign > 0) other.aws.forEach(operations::putIfAbsent);
        return new PlatformUsage(api.combine(other.api, sign), functions, operations);
    }
}
