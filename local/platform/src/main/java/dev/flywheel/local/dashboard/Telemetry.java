package dev.flywheel.local.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The platform's recent history for the dashboard: one sample a second (functions, queues, API), the last ten
 * minutes kept. The shape of a sample is the contract with {@code dashboard/app.js}.
 */
public final class Telemetry {
    static final int KEEP = 600;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Deque<ObjectNode> samples = new ArrayDeque<>();

    /** A new, empty sample at time {@code t} for the caller to fill and then {@link #add}. */
    public ObjectNode newSample(long t) {
        ObjectNode sample = JSON.createObjectNode();
        sample.put("t", t);
        sample.putObject("functions");
        sample.putObject("queues");
        sample.putObject("api");
        return sample;
    }

    public synchronized void add(ObjectNode sample) {
        samples.addLast(sample);
        while (samples.size() > KEEP) samples.removeFirst();
    }

    /** {@code {"now":…, "samples":[…]}} with the samples taken after {@code since}. */
    public synchronized String since(long since) {
        ObjectNode root = JSON.createObjectNode();
        root.put("now", System.currentTimeMillis());
        ArrayNode list = root.putArray("samples");
        for (ObjectNode s : samples) if (s.get("t").asLong() > since) list.add(s);
        return root.toString();
    }

    /** The latest sample (tests and the CLI read figures from it). */
    public synchronized ObjectNode latest() {
        return samples.isEmpty() ? null : samples.getLast();
    }
}
