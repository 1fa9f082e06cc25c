package dev.flywheel.local.cli;

import dev.flywheel.local.LocalPlatform;
import dev.flywheel.local.runtime.InstanceInfo;
import dev.flywheel.topology.FunctionSpec;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a benchmark's CPU went: the platform's own JVM (emulators, front door, pollers, meters, and the benchmark's
 * clients, which run in it) and each function's execution environments, read from the operating system's
 * per-process CPU time. On two shared cores this is what bounds throughput, so the benchmark prints it per order.
 */
final class CpuLedger {
    static final String PLATFORM = "platform (with the load clients)";

    /** CPU time so far: the platform's, and every live environment's by pid, with the function it belongs to. */
    record Snapshot(Duration platform, Map<Long, Duration> byPid, Map<Long, String> functionOfPid) {}

    static Snapshot take(LocalPlatform platform) {
        Map<Long, Duration> byPid = new HashMap<>();
        Map<Long, String> functionOfPid = new HashMap<>();
        for (FunctionSpec function : platform.functions()) {
            for (InstanceInfo instance : platform.instances(function.name())) {
                cpu(instance.pid()).ifPresent(cpu -> {
                    byPid.put(instance.pid(), cpu);
                    functionOfPid.put(instance.pid(), function.name());
                });
            }
        }
        return new Snapshot(cpu(ProcessHandle.current().pid()).orElse(Duration.ZERO), byPid, functionOfPid);
    }

    /**
     * CPU spent between two snapshots, by the platform and by function. An environment started in between counts
     * whole (its init included); one that ended in between is missing from {@code to} and its last stretch is lost,
     * which {@link #ended} reports.
     */
    static Map<String, Duration> between(Snapshot from, Snapshot to) {
        Map<String, Duration> spent = new TreeMap<>();
        spent.put(PLATFORM, to.platform().minus(from.platform()));
        to.byPid().forEach((pid, cpu) -> spent.merge(to.functionOfPid().get(pid),
                cpu.minus(from.byPid().getOrDefault(pid, Duration.ZERO)), Duration::plus));
        return spent;
    }

    /** Environments alive at {@code from} and gone at {@code to}: their CPU after {@code from} is not counted. */
    static long ended(Snapshot from, Snapshot to) {
        return from.byPid().keySet().stream().filter(pid -> !to.byPid().containsKey(pid)).count();
    }

    /** CPU time of the process since it started (user and system), where the operating system reports it. */
    static java.util.Optional<Duration> cpu(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration());
    }
}
