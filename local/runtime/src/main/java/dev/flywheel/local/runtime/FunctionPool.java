package dev.flywheel.local.runtime;

import dev.flywheel.topology.FunctionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The execution environments of one function, managed the way Lambda manages them: an invocation takes an idle
 * environment or starts a new one (a cold start, whose init is reported apart from the invocation); an environment
 * runs one invocation at a time; a timeout or a crash throws it away; environments idle longer than the idle limit
 * are reclaimed, so a quiet function scales to zero and the next event pays a cold start. Every invocation writes
 * a Lambda REPORT line to the function's log.
 */
public final class FunctionPool implements AutoCloseable {
    private final FunctionSpec function;
    private final Path code;
    private final Map<String, String> environment;
    private final RuntimeHome home;
    private final Duration idleLimit;
    private final int maxInstances;
    private final Launching launching;
    private int starting; // environments in init, guarded by this
    private final Logger log;
    private final Deque<Slot> idle = new ArrayDeque<>();
    private final Set<Slot> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicLong coldStarts = new AtomicLong();
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong throttles = new AtomicLong();
    private final AtomicLong initMillis = new AtomicLong();
    private final AtomicLong durationMillis = new AtomicLong();
    private final AtomicLong provisionedDurationMillis = new AtomicLong(); // the part of durationMillis run in provisioned environments
    private final AtomicLong provisionedMillisEnded = new AtomicLong(); // environment-time of provisioned environments already gone
    private final AtomicLong maxMemoryMb = new AtomicLong();
    private final RecentDurations recentDurations = new RecentDurations();
    private volatile boolean closed;

    /** One environment and what the pool knows about it. */
    private static final class Slot {
        final ProcessInstance instance;
        final boolean provisioned; // kept warm ahead of traffic: never reclaimed, replaced when it dies
        final long createdMillis = System.currentTimeMillis();
        volatile boolean busy;
        volatile long lastUsedMillis = createdMillis;
        final AtomicLong invocations = new AtomicLong();

        Slot(ProcessInstance instance, boolean provisioned) {
            this.instance = instance;
            this.provisioned = provisioned;
        }
    }

    /**
     * How the pool starts its environments' processes beyond Lambda's defaults.
     *
     * @param niceness scheduling priority of the processes ({@link Priority}; 0 for the platform's own)
     * @param archives class-data archives to start from, when enabled
     */
    public record Launching(int niceness, Optional<ClassDataArchives> archives) {
        public static final Launching PLAIN = new Launching(0, Optional.empty());
    }

    /** @param maxInstances the most environments this function runs at once (its concurrency limit on this machine) */
    public FunctionPool(FunctionSpec function, Path code, Map<String, String> environment, RuntimeHome home, Duration idleLimit, int maxInstances) {
        this(function, code, environment, home, idleLimit, maxInstances, Launching.PLAIN);
    }

    public FunctionPool(FunctionSpec function, Path code, Map<String, String> environment, RuntimeHome home, Duration idleLimit, int maxInstances,
                        Launching launching) {
        if (maxInstances < 1) throw new IllegalArgumentException("maxInstances must be >= 1");
        this.maxInstances = maxInstances;
        this.launching = launching;
        this.function = function;
        this.code = code;
        this.environment = Map.copyOf(environment);
        this.home = home;
        this.idleLimit = idleLimit;
        this.log = LoggerFactory.getLogger("fn." + function.name());
    }

    public FunctionSpec function() { return function; }

    /**
     * Runs one event in an environment of this function; failures come back as results, as Lambda reports them.
     * When the function already runs its maximum of environments, the event waits (up to the function's timeout)
     * for one to come free, and is then throttled, as Lambda throttles a function at its concurrency limit.
     */
    public InvocationResult invoke(byte[] event) {
        if (closed) throw new IllegalStateException(function.name() + " is stopped");
        String requestId = UUID.randomUUID().toString();
        Slot slot;
        try {
            slot = acquire(System.currentTimeMillis() + function.timeoutSeconds() * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return throttled(requestId);
        }
        if (slot == THROTTLED) return throttled(requestId);
        busy.incrementAndGet();
        Long initMs = null;
        InvocationResult result;
        long start = System.nanoTime();
        try {
            if (slot == null) {
                String id = function.name() + "#" + started.incrementAndGet();
                try {
                    slot = new Slot(startInstance(id, false), false);
                    slot.busy = true;
                    live.add(slot);
                } finally {
                    synchronized (this) {
                        starting--;
                        notifyAll();
                    }
                }
                coldStarts.incrementAndGet();
                initMs = slot.instance.initMillis();
                initMillis.addAndGet(initMs);
                start = System.nanoTime();
            }
            result = slot.instance.invoke(event, requestId, System.currentTimeMillis() + function.timeoutSeconds() * 1000L);
        } catch (ProcessInstance.InitFailure e) {
            result = new InvocationResult(InvocationResult.Status.CRASH, ("{\"errorMessage\":\"" + e.getMessage().replace("\"", "'")
                    + "\",\"errorType\":\"Runtime.ExitError\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8), "Runtime.ExitError", e.getMessage());
        } finally {
            busy.decrementAndGet();
        }
        double ms = (System.nanoTime() - start) / 1e6;
        account(slot, result, ms);
        report(slot, requestId, result, ms, initMs);
        if (slot != null) {
            if (result.status() == InvocationResult.Status.TIMEOUT || result.status() == InvocationResult.Status.CRASH || !slot.instance.alive()) discard(slot);
            else release(slot);
        }
        return result;
    }

    /** The scheduling priority of this function's environments ({@link Priority}). */
    public int niceness() { return launching.niceness(); }

    /** Marker: no environment came free in time. */
    private static final Slot THROTTLED = new Slot(null, false);

    private ProcessInstance startInstance(String id, boolean provisioned) {
        List<String> flags = launching.archives().map(a -> a.flags(function, code)).orElse(List.of());
        return ProcessInstance.start(id, function, code, environment, home, initLimit(), line -> log.info("[{}] {}", id, line),
                new ProcessInstance.Launch(flags, launching.niceness(), provisioned));
    }

    /**
     * Lambda's provisioned concurrency: starts the function's provisioned environments now, in the background, so
     * that they are initialized before traffic arrives. They count towards the function's maximum, are never
     * reclaimed for idleness, and one that dies (a crash, a timeout) is replaced.
     */
    public void provision() {
        for (int i = 0; i < provisionedTarget(); i++) startProvisioned();
    }

    /** Whether every provisioned environment this pool should keep has finished its init. */
    public boolean provisionedReady() {
        return live.stream().filter(s -> s.provisioned).count() >= provisionedTarget();
    }

    /** The topology's provisioned concurrency, within this machine's maximum of environments. */
    private int provisionedTarget() {
        return Math.min(function.provisionedConcurrency(), maxInstances);
    }

    private void startProvisioned() {
        synchronized (this) {
            if (closed || live.size() + starting >= maxInstances) return;
            starting++;
        }
        String id = function.name() + "#" + started.incrementAndGet();
        Thread t = Priority.threads("provision-" + id, launching.niceness()).newThread(() -> {
            Slot slot = null;
            try {
                slot = new Slot(startInstance(id, true), true);
                live.add(slot);
                log.info("[{}] provisioned environment ready (init {} ms, not billed as duration)", id, slot.instance.initMillis());
            } catch (ProcessInstance.InitFailure e) {
                log.warn("[{}] provisioned environment failed to start: {}", id, e.getMessage());
            } finally {
                synchronized (this) {
                    starting--;
                    notifyAll();
                }
            }
            if (slot != null) release(slot);
        });
        t.start();
    }

    /** An idle environment (busy now), null when the caller may start a new one, or THROTTLED. */
    private synchronized Slot acquire(long deadlineMillis) throws InterruptedException {
        while (true) {
            Slot slot = idle.pollFirst();
            if (slot != null && !slot.instance.alive()) {
                // its process died while idle (killed, out of memory): Lambda never hands an event to a dead environment
                discard(slot);
                continue;
            }
            if (slot != null) {
                slot.busy = true;
                return slot;
            }
            if (live.size() + starting < maxInstances) {
                starting++;
                return null;
            }
            long wait = deadlineMillis - System.currentTimeMillis();
            if (wait <= 0) return THROTTLED;
            wait(wait);
        }
    }

    private InvocationResult throttled(String requestId) {
        throttles.incrementAndGet();
        String message = "Rate Exceeded: " + function.name() + " is at its " + maxInstances + " concurrent environments";
        log.info("{} {}", requestId, message);
        return new InvocationResult(InvocationResult.Status.THROTTLED,
                ("{\"errorMessage\":\"" + message + "\",\"errorType\":\"TooManyRequestsException\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "TooManyRequestsException", message);
    }

    /**
     * Init on Lambda gets 10 s, then a retry within the invocation's timeout. A laptop starting several JVMs at
     * once is slower than a Lambda host, so locally init gets at least a minute: a slow start is not a crash.
     */
    private Duration initLimit() {
        return Duration.ofSeconds(Math.max(60L, 10L + function.timeoutSeconds()));
    }

    private void account(Slot slot, InvocationResult result, double ms) {
        invocations.incrementAndGet();
        durationMillis.addAndGet(Math.round(ms));
        if (slot != null && slot.provisioned) provisionedDurationMillis.addAndGet(Math.round(ms));
        recentDurations.record(ms);
        if (!result.succeeded() && result.status() != InvocationResult.Status.THROTTLED) errors.incrementAndGet();
        if (result.status() == InvocationResult.Status.TIMEOUT) timeouts.incrementAndGet();
        if (slot != null) slot.invocations.incrementAndGet();
    }

    private void report(Slot slot, String requestId, InvocationResult result, double ms, Long initMs) {
        if (result.status() == InvocationResult.Status.TIMEOUT) log.info("{} {}", requestId, result.message());
        long memory = slot == null ? -1 : slot.instance.maxMemoryUsedMb();
        if (memory > 0) maxMemoryMb.accumulateAndGet(memory, Math::max);
        // since August 2025 Lambda bills the init phase of managed runtimes too: billed = init + duration, rounded up to 1 ms
        long billed = (long) Math.ceil(ms + (initMs == null ? 0 : initMs));
        log.info("[{}] REPORT RequestId: {}\tDuration: {} ms\tBilled Duration: {} ms\tMemory Size: {} MB\tMax Memory Used: {} MB{}{}",
                slot == null ? function.name() : slot.instance.id(), requestId, String.format(Locale.ROOT, "%.2f", ms), billed,
                function.memoryMb(), memory < 0 ? "?" : memory, initMs == null ? "" : "\tInit Duration: " + initMs + ".00 ms", result.reportStatus());
    }

    private synchronized void release(Slot slot) {
        slot.busy = false;
        slot.lastUsedMillis = System.currentTimeMillis();
        if (closed) {
            discard(slot);
            return;
        }
        idle.addFirst(slot); // most recently used first: the others stay idle and are reclaimed, as Lambda scales in
        notifyAll();
    }

    private void discard(Slot slot) {
        if (live.remove(slot) && slot.provisioned) provisionedMillisEnded.addAndGet(System.currentTimeMillis() - slot.createdMillis);
        slot.instance.close();
        synchronized (this) {
            notifyAll(); // a slot came free for a waiting invocation
        }
        if (slot.provisioned && !closed) startProvisioned(); // Lambda keeps the provisioned count: a lost environment is replaced
    }

    /**
     * Scale to zero: stops the environments idle longer than the idle limit, and lets go of idle ones whose process
     * died (a provisioned one is replaced at once). Called once a second by the platform.
     */
    public void reclaimIdle() {
        long now = System.currentTimeMillis();
        List<Slot> expired, dead;
        synchronized (this) {
            dead = idle.stream().filter(s -> !s.instance.alive()).toList();
            expired = idle.stream().filter(s -> s.instance.alive() && !s.provisioned && now - s.lastUsedMillis >= idleLimit.toMillis()).toList();
            idle.removeAll(dead);
            idle.removeAll(expired);
        }
        if (!expired.isEmpty()) log.info("reclaiming {} idle environment(s) of {}", expired.size(), function.name());
        if (!dead.isEmpty()) log.warn("{} idle environment(s) of {} died: let go{}", dead.size(), function.name(),
                dead.stream().anyMatch(d -> d.provisioned) ? ", provisioned ones replaced" : "");
        expired.forEach(this::discard);
        dead.forEach(this::discard);
    }

    /** SIGKILL to one environment with an invocation in flight, which then ends as a crash; empty if none is invoking. */
    public Optional<InstanceInfo> killMidInvocation() {
        for (Slot s : live) {
            if (s.instance.killMidInvocation()) return Optional.of(new InstanceInfo(s.instance.id(), s.instance.pid(), true, s.invocations.get(), 0,
                    s.instance.initCpu()));
        }
        return Optional.empty();
    }

    public List<InstanceInfo> instances() {
        long now = System.currentTimeMillis();
        return live.stream().map(s -> new InstanceInfo(s.instance.id(), s.instance.pid(), s.busy, s.invocations.get(),
                s.busy ? 0 : now - s.lastUsedMillis, s.instance.initCpu())).toList();
    }

    public FunctionStats stats() {
        long now = System.currentTimeMillis();
        List<Slot> provisioned = live.stream().filter(s -> s.provisioned).toList();
        long provisionedMillis = provisionedMillisEnded.get() + provisioned.stream().mapToLong(s -> now - s.createdMillis).sum();
        return new FunctionStats(function.name(), live.size(), busy.get(), coldStarts.get(), invocations.get(), errors.get(),
                timeouts.get(), throttles.get(), initMillis.get(), durationMillis.get(), maxMemoryMb.get(),
                provisioned.size(), provisionedMillis, provisionedDurationMillis.get());
    }

    /** Percentiles of the durations of the invocations finished since the last call: one reader, the platform's sampler. */
    public Optional<RecentDurations.Percentiles> takeRecentDurations() {
        return recentDurations.take();
    }

    /**
     * Stops every environment. The platform drains the event sources and closes the front door first, so an
     * environment still busy here is stuck: it is stopped like a timed-out one.
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            idle.clear();
        }
        List.copyOf(live).forEach(this::discard);
    }
}
