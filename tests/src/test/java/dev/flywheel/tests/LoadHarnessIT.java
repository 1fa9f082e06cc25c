package dev.flywheel.tests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.local.LocalPlatform;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./flywheel load} against a running platform: a short spike, the invariants checked, the report written. */
class LoadHarnessIT {
    private final LocalPlatform platform = TestPlatforms.shared();

    @Test
    void aShortSpikeRunEndsWithAPassingVerdictAndAReport() throws Exception {
        LoadRuns.Run run = LoadRuns.load(platform, "--profile", "spike", "--rate", "4", "--duration", "15", "--factor", "5",
                "--clients", "8", "--warmup", "3", "--drain-seconds", "120");
        Path report = run.report();
        JsonNode summary = run.summary();
        assertEquals(0, run.exit(), "the verdict passed: " + summary.toPrettyString());
        assertTrue(summary.get("passed").asBoolean());
        assertEquals(5, summary.get("checks").size(), "the four invariants and the request-level checks");
        JsonNode figures = summary.get("figures");
        assertTrue(figures.get("requestsOffered").asLong() >= 130, "4/s for 10 s and 20/s for 5 s: " + figures);
        assertTrue(figures.get("accepted").asLong() > 100, figures.toString());
        assertTrue(figures.get("refused").asLong() > 0, "the malformed share was refused: " + figures);
        assertTrue(figures.get("acceptInSpikeMs").get("p99").asLong() > 0, "the spike's latency is measured: " + figures);
        long ended = 0;
        for (var status = figures.get("ordersByStatus").fields(); status.hasNext(); ) {
            var e = status.next();
            assertTrue(List.of("CONFIRMED", "REJECTED", "CANCELLED").contains(e.getKey()), "only terminal states: " + figures);
            ended += e.getValue().asLong();
        }
        assertEquals(figures.get("distinctOrders").asLong(), ended, "every distinct order is counted in one terminal state: " + figures);
        JsonNode invariants = figures.get("invariants");
        assertEquals(invariants.get("confirmed").asLong(), figures.get("ordersByStatus").path("CONFIRMED").asLong(), invariants.toString());
        assertEquals(invariants.get("initialStock").asLong(), invariants.get("availableStock").asLong() + invariants.get("confirmed").asLong());
        for (String file : List.of("index.html", "chart.umd.js", "rates.png", "accept-latency.png", "completion-latency.png",
                "queue-depth.png", "queue-age.png", "instances.png", "cold-starts.png")) {
            assertTrue(Files.size(report.resolve(file)) > 1000, file + " written");
        }
        assertTrue(Files.readString(report.resolve("index.html")).contains("\"passed\":true"));
    }
}
