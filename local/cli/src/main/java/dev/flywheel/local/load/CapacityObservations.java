package dev.flywheel.local.load;

import dev.flywheel.local.meter.PlatformUsage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/**
 * What a run measured that the capacity simulator can be checked against: the profile and the hot SKU's shards,
 * each worker's billed seconds per message, the peak depth of each queue and how long the queues took to drain after
 * the last request (from the platform's one-second samples).
 */
final class CapacityObservations {
    private CapacityObservations() {}

    static ObjectNode of(LoadProfile profile, int shards, LoadRun.Results run, PlatformUsage usage, JsonNode samples) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("profile", profile.kind().name().toLowerCase(Locale.ROOT)).put("rate", profile.baseRate())
                .put("durationSeconds", profile.durationSeconds()).put("factor", profile.factor()).put("shards", shards);
        // per message, not per invocation: at low load batches are small, and a full batch of 10 takes about 10 times as long.
        // Billed seconds, a cold start's init included: while an environment starts, its slot of the mapping's concurrency is
        // taken as surely as by a batch, and the simulator knows slots and batch durations only
        ObjectNode perMessage = m.putObject("secondsPerMessage");
        usage.lambda().forEach((name, f) -> {
            if (f.worker() && f.messages() > 0) perMessage.put(name, f.billedSeconds() / f.messages());
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
