package dev.flywheel.local.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.local.meter.PlatformUsage;
import dev.flywheel.local.auth.LocalIssuer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Drives the running platform over HTTP with a traffic profile, then checks the invariants against the tables",
                "and the provider's record, prints a verdict and writes a report (HTML with charts, PNGs, summary.json)."})
public final class LoadCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--profile", defaultValue = "spike", description = "steady, ramp, spike (factor x the rate for the middle third: the promotion day) or soak (default: ${DEFAULT-VALUE})")
    LoadProfile.Kind profile;
    @Option(names = "--rate", defaultValue = "5", description = "base rate, orders per second (default: ${DEFAULT-VALUE})")
    double rate;
    @Option(names = "--duration", description = "seconds (default: steady/ramp 60, spike 90, soak 600)")
    Integer duration;
    @Option(names = "--factor", defaultValue = "10", description = "spike height, or where a ramp ends, times the base rate (default: ${DEFAULT-VALUE})")
    double factor;
    @Option(names = "--warmup", defaultValue = "10", description = "seconds at the base rate first, checked but not measured: cold starts stay out of the figures (default: ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--mix", defaultValue = "good=85,duplicate=5,declined=5,malformed=5", description = "request kinds by weight (default: ${DEFAULT-VALUE})")
    String mix;
    @Option(names = "--stock", defaultValue = "1000000", description = "stock of the run's product (default: ${DEFAULT-VALUE})")
    long stock;
    @Option(names = "--shards", defaultValue = "8", description = "stock shards of the run's product (default: ${DEFAULT-VALUE})")
    int shards;
    @Option(names = "--clients", defaultValue = "32", description = "concurrent HTTP clients (default: ${DEFAULT-VALUE})")
    int clients;
    @Option(names = "--drain-seconds", defaultValue = "300", description = "how long to wait for accepted orders to end (default: ${DEFAULT-VALUE})")
    int drainSeconds;
    @Option(names = "--report", defaultValue = "target/load-report", description = "report directory (default: ${DEFAULT-VALUE})")
    Path report;
    @Option(names = "--fault", description = "a fault during the run, name[:arg]@start[+seconds]; repeatable: duplicates@20+30, kill:inventory-worker@30, "
            + "provider-fail@30+15, provider-slow:3000@30+15, dynamo-throttle:0.2@30+10, dynamo-error:0.1@30+10, poison:5@10, "
            + "crash@40 (SIGKILL to the whole platform, which ./flywheel up starts again on the same data)")
    List<String> faultSpecs = new java.util.ArrayList<>();
    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "the running platform (default: ${DEFAULT-VALUE})")
    URI url;
    @Option(names = "--root", hidden = true, defaultValue = "${sys:flywheel.root:-.}")
    Path root;

    @Override
    public Integer call() throws Exception {
        LoadProfile shape = LoadProfile.of(profile, rate, duration, factor);
        RequestMix requests = RequestMix.parse(mix);
        FaultPlan faults = new FaultPlan(faultSpecs);
        try (RunningPlatform platform = RunningPlatform.connect(url)) {
            var dlqBefore = Verdict.dlqDepths(platform);
            PlatformUsage usageBefore = platform.usage();
            LoadRun run = new LoadRun(platform, LocalIssuer.at(root.toAbsolutePath()), shape, requests, clients, faults.crashes());
            System.out.printf("flywheel load: %s, %.1f orders/s base, %d s after a %d s warm-up, ~%d requests, mix %s%n",
                    shape.kind().name().toLowerCase(Locale.ROOT), rate, shape.durationSeconds(), warmup, shape.totalRequests(), mix);
            LoadRun.Results results;
            if (!faults.faults().isEmpty()) System.out.println("faults: " + faults.faults());
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("requests").setInitialMax(shape.totalRequests() + warmup * Math.max(1, Math.round(rate)))
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).build()) {
                results = run.run(stock, shards, warmup, bar::stepBy, () -> faults.start(platform));
            } finally {
                faults.stop(platform);
            }
            faults.log().forEach(line -> System.out.println("  fault " + line));
            if (faults.crashes()) platform.awaitHealth(LoadRun.RESEND_FOR);
            System.out.println("flywheel load: waiting for every accepted order to end, then checking the invariants...");
            Verdict verdict = Verdict.of(platform, results, drainSeconds, dlqBefore, faults.poisonSent());
            PlatformUsage usageAfter = platform.usage();
            JsonNode samples = JSON.readTree(platform.api().call(null, "GET", "/dashboard/api/metrics", null).body()).get("samples");
            // a crashed platform counts again from zero: what it used is (before → the crash) + (restart → now)
            PlatformUsage used = faults.usageAtCrash() == null ? usageAfter.since(usageBefore)
                    : faults.usageAtCrash().since(usageBefore).plus(usageAfter);
            PriceTable prices = PriceTable.load();
            var cost = CostModel.perMillionOrders(used, results.orders.size(), prices);
            LoadSummary summary = LoadSummary.of(shape, results, verdict, faults.faults().toString(), used, CostModel.Cost.of(cost, prices),
                    CapacityObservations.of(shape, shards, platform.scaling(), results, used, samples));
            Path dir = root.toAbsolutePath().resolve(report);
            LoadReport.write(dir, LoadReport.charts(results, verdict, samples), summary);
            print(summary);
            System.out.println("report: " + dir.resolve("index.html") + " (and one PNG per chart)");
            return verdict.passed() ? 0 : 1;
        } catch (IllegalStateException e) {
            System.err.println("flywheel: " + e.getMessage());
            return 2;
        }
    }


    private static void print(LoadSummary summary) {
        System.out.println();
        System.out.println("verdict: " + (summary.passed() ? "PASS" : "FAIL") + "   (" + summary.profile() + ")");
        for (Verdict.Check c : summary.checks()) System.out.printf("  [%s] %s: %s%n", c.passed() ? "ok" : "FAIL", c.name(), c.detail());
        for (LoadSummary.Line line : summary.lines()) System.out.printf("  %-52s %s%n", line.label(), line.value());
        CostModel.Cost cost = summary.cost();
        System.out.printf("%ncost per million orders on AWS (USD, prices of %s; naive = batch size 1, idempotency record per message, x86, REST API):%n",
                cost.pricesAsOf());
        System.out.printf("  %-22s %10s %10s%n", "", "flywheel", "naive");
        cost.perMillionOrdersUsd().forEach((item, a) -> System.out.printf("  %-22s %10.2f %10.2f%n", item, a.flywheel(), a.naive()));
    }
}
