package dev.flywheel.local.load;

import dev.flywheel.local.meter.PlatformUsage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/**
 * What a run measured that the capacity simulator can be checked against: the profile, the hot SKU's shards and
 * how the platform scales, each worker's warm seconds per message, init per cold start and cold starts, the peak
 * depth of each queue and how long the queues took to drain after the last request (from the platform's one-second
 * samples).
 */
final class CapacityObservations {
    private CapacityObservations() {}

    static ObjectNode of(LoadProfile profile, int shards, JsonNode platformScaling, LoadRun.Results run, PlatformUsage usage, JsonNode samples) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("profile", profile.kind().name().toLowerCase(Locale.ROOT)).put("rate", profile.baseRate())
                .put("durationSeconds", profile.durationSeconds()).put("factor", profile.factor()).put("shards", shards);
        m.set("platformScaling", platformScaling.deepCopy()); // the platform's scaling factor, machine-wide batches and environments per function
        // per message, not per invocation: at low load batches are small, and a full batch of 10 takes about 10 times as long.
        // Warm: the init of a cold start (billed with its first invocation) is no batch's work; the simulator charges it
        // to each environment it starts, at the measured init per cold start
        ObjectNode perMessage = m.putObject("warmSecondsPerMessage"), perColdStart = m.putObject("initSecondsPerColdStart");
        ObjectNode coldStarts = m.putObject("coldStarts");
        usage.lambda().forEach((name, f) -> {
            if (!f.worker()) return;
            if (f.messages() > 0) perMessage.put(name, (f.billedSeconds() - f.initSeconds()) / f.messages());
            perColdStart.put(name, f.coldStarts() == 0 ? 0 : f.initSeconds() / f.coldStarts());
            coldStarts.put(name, f.coldStarts());
        });
        ObjectNode peak = m.putObject("peakQueueDepth");
        long end = run.startMillis + profile.durationSeconds() * 1000L;
        Double drained = null;
        for (JsonNode s : samples) {
            long t = s.get("t").asLong();
            if (t < run.startMillis) continue;
            long total = 0;
            var queues = s.get("queues").fields();
            while (queues.hasNext()) {
                var q = queues.next();
                long depth = q.getValue().get("visible").asLong() + q.getValue().get("inFlight").asLong();
                total += depth;
                if (depth > peak.path(q.getKey()).asLong(-1)) peak.put(q.getKey(), depth);
            }
            if (t >= end && total == 0 && drained == null) drained = (t - end) / 1000.0;
        }
        if (drained == null) m.putNull("drainSeconds");
        else m.put("drainSeconds", drained);
        return m;
    }
}
