package dev.flywheel.local.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.local.gateway.ApiClient;
import dev.flywheel.local.gateway.HttpApiEvents;
import dev.flywheel.local.meter.PlatformUsage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Faults during a run, each written {@code name[:arg]@start[+seconds]} (times in seconds since the run started):
 * <ul>
 *   <li>{@code duplicates@20+30}: every batch delivered twice for 30 s;</li>
 *   <li>{@code kill:inventory-worker@30}: an execution environment of that function killed while an invocation is in flight (mid-batch);</li>
 *   <li>{@code provider-fail@30+15}, {@code provider-slow:3000@30+15}: the payment provider down, or slow (ms);</li>
 *   <li>{@code dynamo-throttle:0.2@30+10}, {@code dynamo-error:0.1@30+10}: that share of the functions' DynamoDB
 *       requests throttled or failed with a 500;</li>
 *   <li>{@code poison:5@10}: 5 undecodable messages sent to orders-intake (they must end in its DLQ, alone);</li>
 *   <li>{@code crash@40}: the whole platform, functions included, killed with SIGKILL and started again on the same data by
 *       {@code ./flywheel up}'s supervisor. Requests that get no answer meanwhile are sent again with their
 *       Idempotency-Key until the platform answers, as a client would.</li>
 * </ul>
 * Every fault is switched off when the run ends, whatever its window.
 */
final class FaultPlan {
    private static final Pattern SPEC = Pattern.compile("([a-z-]+)(?::([^@]+))?@(\\d+)(?:\\+(\\d+))?");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Fault(String name, String arg, int start, int seconds) {
        @Override
        public String toString() {
            return name + (arg == null ? "" : ":" + arg) + "@" + start + (seconds > 0 ? "+" + seconds : "");
        }
    }

    private final List<Fault> faults;
    private final AtomicLong poisonSent = new AtomicLong();
    private final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
    private ScheduledExecutorService timer;
    private volatile PlatformUsage usageAtCrash;

    FaultPlan(List<String> specs) {
        faults = new ArrayList<>();
        for (String spec : specs) {
            Matcher m = SPEC.matcher(spec.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) throw new IllegalArgumentException("--fault: expected name[:arg]@start[+seconds], got '" + spec + "'");
            Fault f = new Fault(m.group(1), m.group(2), Integer.parseInt(m.group(3)), m.group(4) == null ? 0 : Integer.parseInt(m.group(4)));
            switch (f.name()) {
                case "duplicates", "provider-fail", "provider-slow", "dynamo-throttle", "dynamo-error" -> {
                    if (f.seconds() <= 0) throw new IllegalArgumentException("--fault " + spec + ": give its window, e.g. @20+30");
                }
                case "crash" -> {
                    if (f.arg() != null || f.seconds() > 0) throw new IllegalArgumentException("--fault " + spec + ": a crash has no argument or window, e.g. crash@40");
                }
                case "kill", "poison" -> {
                    if (f.arg() == null) throw new IllegalArgumentException("--fault " + spec + ": give " + (f.name().equals("kill") ? "the function" : "the count"));
                }
                default -> throw new IllegalArgumentException("--fault: unknown fault '" + f.name()
                        + "' (duplicates, kill, provider-fail, provider-slow, dynamo-throttle, dynamo-error, poison, crash)");
            }
            faults.add(f);
        }
    }

    List<Fault> faults() { return faults; }

    /** Whether the plan kills the whole platform: then the run retries unanswered requests and waits for it to return. */
    boolean crashes() { return faults.stream().anyMatch(f -> f.name().equals("crash")); }

    /** The platform's usage counters just before it crashed (they start again from zero after the restart), if it did. */
    PlatformUsage usageAtCrash() { return usageAtCrash; }

    long poisonSent() { return poisonSent.get(); }

    List<String> log() { return log; }

    /** Schedules every fault's start and end from now. */
    void start(RunningPlatform platform) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "faults");
            t.setDaemon(true);
            return t;
        });
        for (Fault f : faults) {
            timer.schedule(() -> apply(platform, f, true), f.start(), TimeUnit.SECONDS);
            if (f.seconds() > 0) timer.schedule(() -> apply(platform, f, false), f.start() + f.seconds(), TimeUnit.SECONDS);
        }
    }

    /** Cancels what has not happened yet and switches every fault off. */
    void stop(RunningPlatform platform) {
        if (timer != null) timer.shutdownNow();
        for (Fault f : faults) if (f.seconds() > 0) apply(platform, f, false);
    }

    private void apply(RunningPlatform platform, Fault f, boolean on) {
        try {
            applyOrFail(platform, f, on);
        } catch (IllegalStateException noAnswer) { // the platform is down, a crash fault's restart under way
            log.add(String.format("%s %s → no answer (%s)", on ? "on " : "off", f, noAnswer.getMessage()));
        }
    }

    private void applyOrFail(RunningPlatform platform, Fault f, boolean on) {
        ApiClient api = platform.api();
        ApiClient provider = new ApiClient(platform.provider());
        HttpApiEvents.Response r = switch (f.name()) {
            case "duplicates" -> api.call(null, "POST", "/platform/faults", "{\"duplicateDeliveries\":" + on + "}");
            case "kill" -> api.call(null, "POST", "/platform/faults", "{\"kill\":\"" + f.arg() + "\"}");
            case "provider-fail" -> provider.call(null, "POST", "/admin/mode", on ? "{\"mode\":\"fail\"}" : "{\"mode\":\"ok\"}");
            case "provider-slow" -> provider.call(null, "POST", "/admin/mode",
                    on ? "{\"mode\":\"slow\",\"delayMs\":" + (f.arg() == null ? 2000 : Integer.parseInt(f.arg())) + "}" : "{\"mode\":\"ok\"}");
            case "dynamo-throttle", "dynamo-error" -> api.call(null, "POST", "/platform/faults", "{\"dynamo\":{\"kind\":\""
                    + (f.name().equals("dynamo-throttle") ? "throttle" : "error") + "\",\"rate\":" + (on ? (f.arg() == null ? "0.2" : f.arg()) : "0") + "}}");
            case "poison" -> poison(platform, Integer.parseInt(f.arg()));
            case "crash" -> crash(platform);
            default -> throw new IllegalStateException(f.name());
        };
        log.add(String.format("%s %s → %d %s", on ? "on " : "off", f, r.status(), r.body().length() > 120 ? r.body().substring(0, 120) : r.body()));
    }

    private HttpApiEvents.Response crash(RunningPlatform platform) {
        usageAtCrash = platform.usage();
        return platform.api().call(null, "POST", "/platform/faults", "{\"crash\":true}");
    }

    private HttpApiEvents.Response poison(RunningPlatform platform, int count) {
        String url = platform.queues().get("orders-intake");
        for (int i = 0; i < count; i++) {
            int n = i;
            platform.sqs().sendMessage(b -> b.queueUrl(url).messageBody("{\"poison\":" + n + ",\"sentBy\":\"flywheel load\"}"));
            poisonSent.incrementAndGet();
        }
        return new HttpApiEvents.Response(200, java.util.Map.of(), "{\"poisonSent\":" + count + "}");
    }
}
