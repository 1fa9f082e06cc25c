package dev.flywheel.local.cli;

import dev.flywheel.local.LocalPlatform;
import dev.flywheel.local.runtime.InstanceInfo;
import dev.flywheel.topology.FunctionSpec;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a benchmark's CPU went: the platform's own JVM (emulators, front door, pollers, meters, and the benchmark's
 * clients, which run in it) and each function's execution environments, read from the operating system's
 * per-process CPU time. On two shared cores this is what bounds throughput, so the benchmark prints it per order.
 */
final class CpuLedger {
    static final String PLATFORM = "platform (with the load clients)";

    /** CPU time so far: the platform's, and every live environment's by pid. */
    record Snapshot(Duration platform, Map<Long, Environment> byPid) {}

    /** One execution environment's CPU time so far, with the function it belongs to and what its init took of it. */
    record Environment(String function, Duration cpu, Duration initCpu) {}

    /**
     * CPU spent between two snapshots: by the platform and by function for their work, and apart from it the init
     * of the environments that started in between (a cold start's init is a cost of scaling out, paid once, which
     * would otherwise read as the function's cost per order).
     */
    record Spent(Map<String, Duration> work, Duration init, int started) {
        Duration total() {
            return work.values().stream().reduce(init, Duration::plus);
        }
    }

    static Snapshot take(LocalPlatform platform) {
        Map<Long, Environment> byPid = new HashMap<>();
        for (FunctionSpec function : platform.functions()) {
            for (InstanceInfo instance : platform.instances(function.name())) {
                cpu(instance.pid()).ifPresent(cpu -> byPid.put(instance.pid(), new Environment(function.name(), cpu, instance.initCpu())));
            }
        }
        return new Snapshot(platform(), byPid);
    }

    /**
     * CPU spent between two snapshots. An environment started in between counts its init apart and its work to its
     * function; one that ended in between is missing from {@code to} and its last stretch is lost, which
     * {@link #ended} reports.
     */
    static Spent between(Snapshot from, Snapshot to) {
        Map<String, Duration> work = new TreeMap<>();
        work.put(PLATFORM, to.platform().minus(from.platform()));
        Duration init = Duration.ZERO;
        int started = 0;
        for (var e : to.byPid().entrySet()) {
            Environment now = e.getValue(), then = from.byPid().get(e.getKey());
            Duration before = then == null ? now.initCpu() : then.cpu(); // a new environment's work starts where its init ended
            if (then == null) {
                init = init.plus(now.initCpu());
                started++;
            }
            work.merge(now.function(), now.cpu().minus(before), Duration::plus);
        }
        return new Spent(work, init, started);
    }

    /** Environments alive at {@code from} and gone at {@code to}: their CPU after {@code from} is not counted. */
    static long ended(Snapshot from, Snapshot to) {
        return from.byPid().keySet().stream().filter(pid -> !to.byPid().containsKey(pid)).count();
    }

    /** CPU time of this JVM, the platform's, since it started: zero where the operating system does not report it. */
    static Duration platform() {
        return cpu(ProcessHandle.current().pid()).orElse(Duration.ZERO);
    }

    /** CPU time of the process since it started (user and system), where the operating system reports it. */
    static Optional<Duration> cpu(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration());
    }
}
