package dev.flywheel.local.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's report: one set of charts (rates, accept latency, completion latency, queues, instances, cold starts),
 * written twice, as an HTML page (Chart.js, next to it, works offline) and as one PNG per chart (XChart), plus
 * the verdict and the figures as {@code summary.json}.
 */
final class LoadReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHART_JS = "META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js";

    /** One chart: x in seconds since the run started, one list of y per series (null = no value). */
    record Chart(String id, String title, String yLabel, List<Double> x, Map<String, List<Double>> series) {}

    static List<Chart> charts(LoadRun.Results run, Verdict verdict, JsonNode platformSamples) {
        List<Chart> charts = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        for (int t = 0; t < run.seconds; t++) seconds.add((double) t);
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        rates.put("offered/s", longs(run.offered));
        rates.put("accepted (202)/s", longs(run.accepted));
        rates.put("throttled (429)/s", longs(run.throttled));
        rates.put("refused (4xx)/s", longs(run.refused));
        rates.put("failed (5xx, errors)/s", longs(run.failed));
        charts.add(new Chart("rates", "Offered and accepted rate", "requests per second", seconds, rates));

        Map<String, List<Double>> latency = new LinkedHashMap<>();
        for (String p : List.of("p50", "p95", "p99", "max")) latency.put(p, new ArrayList<>());
        for (Histogram h : run.latencyBySecond) {
            List<Long> ps = LoadRun.percentiles(h);
            int i = 0;
            for (List<Double> series : latency.values()) series.add(h.getTotalCount() == 0 ? null : (double) ps.get(i++));
        }
        charts.add(new Chart("accept-latency", "Accept latency (from the intended send time)", "ms", seconds, latency));

        List<Double> pcts = List.of(50.0, 75.0, 90.0, 95.0, 99.0, 99.9, 100.0);
        List<Double> completion = new ArrayList<>();
        for (double p : pcts) completion.add((double) verdict.completionPercentileMs(p));
        charts.add(new Chart("completion-latency", "Order completion latency (202 to terminal) by percentile", "ms", pcts,
                Map.of("completion", completion)));

        long t0 = run.startMillis;
        List<Double> sampleX = new ArrayList<>();
        Map<String, List<Double>> depth = new LinkedHashMap<>(), age = new LinkedHashMap<>(), instances = new LinkedHashMap<>(), cold = new LinkedHashMap<>();
        for (JsonNode s : platformSamples) {
            long t = s.get("t").asLong();
            if (t < t0) continue;
            sampleX.add((t - t0) / 1000.0);
            s.get("queues").fields().forEachRemaining(q -> {
                depth.computeIfAbsent(q.getKey(), k -> new ArrayList<>()).add(q.getValue().get("visible").asDouble() + q.getValue().get("inFlight").asDouble());
                age.computeIfAbsent(q.getKey(), k -> new ArrayList<>()).add(q.getValue().get("oldestAgeSeconds").asDouble());
            });
            s.get("functions").fields().forEachRemaining(f -> {
                instances.computeIfAbsent(f.getKey(), k -> new ArrayList<>()).add(f.getValue().get("instances").asDouble());
                cold.computeIfAbsent(f.getKey(), k -> new ArrayList<>()).add(f.getValue().get("coldStarts").asDouble());
            });
        }
        charts.add(new Chart("queue-depth", "Queue depth (visible + in flight)", "messages", sampleX, depth));
        charts.add(new Chart("queue-age", "Age of the oldest message", "seconds", sampleX, age));
        charts.add(new Chart("instances", "Execution environments per function", "instances", sampleX, instances));
        charts.add(new Chart("cold-starts", "Cold starts per function (cumulative since the platform started)", "cold starts", sampleX, cold));
        return charts;
    }

    static void write(Path dir, List<Chart> charts, LoadSummary summary) throws IOException {
        Files.createDirectories(dir);
        try (InputStream in = LoadReport.class.getClassLoader().getResourceAsStream(CHART_JS)) {
            if (in == null) throw new IllegalStateException("Chart.js is missing from the classpath");
            Files.write(dir.resolve("chart.umd.js"), in.readAllBytes());
        }
        ObjectNode data = JSON.createObjectNode();
        data.set("summary", JSON.valueToTree(summary));
        ArrayNode lines = data.putArray("lines");
        summary.lines().forEach(l -> lines.addObject().put("label", l.label()).put("value", l.value()));
        ArrayNode list = data.putArray("charts");
        for (Chart c : charts) {
            ObjectNode n = list.addObject().put("id", c.id()).put("title", c.title()).put("yLabel", c.yLabel());
            c.x().forEach(n.putArray("x")::add);
            ObjectNode series = n.putObject("series");
            c.series().forEach((name, ys) -> {
                ArrayNode a = series.putArray(name);
                ys.forEach(y -> { if (y == null) a.addNull(); else a.add(y); });
            });
            png(dir.resolve(c.id() + ".png"), c);
        }
        Files.writeString(dir.resolve("summary.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary));
        Files.writeString(dir.resolve("index.html"), html(data.toString()), StandardCharsets.UTF_8);
    }

    private static void png(Path file, Chart c) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(420).title(c.title()).xAxisTitle(c.id().equals("completion-latency") ? "percentile" : "seconds since start")
                .yAxisTitle(c.yLabel()).build();
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        boolean any = false;
        for (var e : c.series().entrySet()) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i < Math.min(c.x().size(), e.getValue().size()); i++) {
                if (e.getValue().get(i) != null) {
                    xs.add(c.x().get(i));
                    ys.add(e.getValue().get(i));
                }
            }
            if (xs.isEmpty()) continue;
            chart.addSeries(e.getKey(), xs, ys).setMarker(SeriesMarkers.NONE);
            any = true;
        }
        if (!any) chart.addSeries("no data", List.of(0.0), List.of(0.0));
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static String html(String data) {
        return """
                <!doctype html><html><head><meta charset="utf-8"><title>Flywheel load report</title>
                <script src="chart.umd.js"></script>
                <style>body{font:14px system-ui,sans-serif;margin:24px;background:#f8fafc;color:#0f172a}
                .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:16px}
                .card{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:12px;height:320px}
                table{border-collapse:collapse;margin:8px 0 20px}td,th{border-bottom:1px solid #e2e8f0;padding:4px 10px;text-align:left}
                .pass{color:#16a34a;font-weight:600}.fail{color:#dc2626;font-weight:600}</style></head>
                <body><h1>Flywheel load report</h1><div id="summary"></div><div class="grid" id="charts"></div>
                <script>
                const REPORT = %s;
                const s = REPORT.summary, esc = t => String(t).replace(/[&<>]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;'}[c]));
                let html = `<p class="${s.passed ? 'pass' : 'fail'}">Verdict: ${s.passed ? 'PASS' : 'FAIL'}</p>`
                  + `<p>${esc(s.profile)}</p><table><tr><th>invariant</th><th></th><th>detail</th></tr>`
                  + s.checks.map(c => `<tr><td>${esc(c.name)}</td><td class="${c.passed ? 'pass' : 'fail'}">${c.passed ? 'pass' : 'FAIL'}</td><td>${esc(c.detail)}</td></tr>`)
                          .join('')
                  + '</table><table><tr><th>figure</th><th>value</th></tr>'
                  + REPORT.lines.map(l => `<tr><td>${esc(l.label)}</td><td>${esc(l.value)}</td></tr>`).join('') + '</table>'
                  + (s.cost ? `<p>Cost per million orders on AWS, USD (prices of ${esc(s.cost.pricesAsOf)}; naive: batch size 1, an idempotency record per message, x86,
                          REST API)</p>`
                    + '<table><tr><th></th><th>flywheel</th><th>naive</th></tr>' + Object.entries(s.cost.perMillionOrdersUsd)
                      .map(([k, v]) => `<tr><td>${esc(k)}</td><td>${v.flywheel.toFixed(2)}</td><td>${v.naive.toFixed(2)}</td></tr>`).join('') + '</table>' : '')
                  + (s.faults && s.faults !== '[]' ? `<p>Faults: ${esc(s.faults)}</p>` : '');
                document.getElementById('summary').innerHTML = html;
                const palette = ['#2563eb','#ea580c','#16a34a','#dc2626','#9333ea','#0891b2','#ca8a04','#db2777'];
                for (const c of REPORT.charts) {
                  const card = document.createElement('div'); card.className = 'card';
                  const canvas = document.createElement('canvas'); canvas.id = 'chart-' + c.id; card.appendChild(canvas);
                  document.getElementById('charts').appendChild(card);
                  new Chart(canvas, { type: 'line', data: { labels: c.x.map(x => c.id === 'completion-latency' ? 'p' + x : Math.round(x) + 's'),
                    datasets: Object.entries(c.series).map(([name, ys], i) => ({ label: name, data: ys, borderColor: palette[i %% 8],
                      backgroundColor: palette[i %% 8], pointRadius: c.id === 'completion-latency' ? 3 : 0, borderWidth: 1.5, spanGaps: false })) },
                    options: { animation: false, maintainAspectRatio: false, plugins: { title: { display: true, text: c.title } },
                      scales: { y: { beginAtZero: true, title: { display: true, text: c.yLabel } } } } });
                }
                document.body.dataset.ready = 'true';
                </script></body></html>
                """.formatted(data.replace("</", "<\\/"));
    }

    private static List<Double> longs(java.util.concurrent.atomic.AtomicLongArray a) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < a.length(); i++) out.add((double) a.get(i));
        return out;
    }
}
