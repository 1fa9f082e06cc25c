package dev.flywheel.local.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** The platform's recent history for the dashboard: one {@link DashboardSample} a second, the last ten minutes kept. */
public final class Telemetry {
    static final int KEEP = 600;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Deque<DashboardSample> samples = new ArrayDeque<>();

    public synchronized void add(DashboardSample sample) {
        samples.addLast(sample);
        while (samples.size() > KEEP) samples.removeFirst();
    }

    /** {@code {"now":…, "samples":[…]}} with the samples taken after {@code since}. */
    public synchronized String since(long since) {
        List<DashboardSample> newer = samples.stream().filter(s -> s.t() > since).toList();
        try {
            return JSON.writeValueAsString(Map.of("now", System.currentTimeMillis(), "samples", newer));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a dashboard sample did not serialize", e);
        }
    }

    /** The latest sample, or null before the first. */
    public synchronized DashboardSample latest() {
        return samples.isEmpty() ? null : samples.getLast();
    }
}
