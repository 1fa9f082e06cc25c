package dev.flywheel.local.runtime;

import dev.flywheel.topology.FunctionSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One execution environment: a JVM process running the function's deployment jar under the AWS Lambda runtime
 * interface client, driven through its own {@link RuntimeApi}. It sees only its own environment variables, gets
 * a heap sized from its memory setting, runs one invocation at a time, and is killed on a timeout, exactly the
 * cases in which Lambda throws an environment away.
 */
public final class ProcessInstance implements AutoCloseable {
    /** Lambda's Java runtime flags: C1 only (faster start), serial GC, class data sharing when available. */
    private static final List<String> JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");

    private final String id;
    private final FunctionSpec function;
    private final Process process;
    private final RuntimeApi api;
    private final long initNanos;
    /** The CPU time its process had spent when init ended (zero where the operating system does not say). */
    private final Duration initCpu;
    /** Guards {@link #invoking} and {@link #killedMidInvocation}: a kill and an invocation's answer never cross. */
    private final Object invocation = new Object();
    private boolean invoking;
    private boolean killedMidInvocation;

    private ProcessInstance(String id, FunctionSpec function, Process process, RuntimeApi api, long initNanos, Duration initCpu) {
        this.id = id;
        this.function = function;
        this.process = process;
        this.api = api;
        this.initNanos = initNanos;
        this.initCpu = initCpu;
    }

    /**
     * The init phase: start the process and wait until the runtime asks for its first event.
     *
     * @param log receives every line the instance writes (stdout and stderr, as CloudWatch Logs would)
     * @throws InitFailure when the process exits, reports an init error, or is not ready within {@code initLimit}
     */
    static ProcessInstance start(String id, FunctionSpec function, Path code, Map<String, String> environment, RuntimeHome home,
                                 Duration initLimit, Consumer<String> log) {
        return start(id, function, code, environment, home, initLimit, log, Launch.plain(List.of()));
    }

    /** @param extraJvmFlags added after Lambda's flags (benchmarks pass AppCDS options here) */
    public static ProcessInstance start(String id, FunctionSpec function, Path code, Map<String, String> environment, RuntimeHome home,
                                        Duration initLimit, Consumer<String> log, List<String> extraJvmFlags) {
        return start(id, function, code, environment, home, initLimit, log, Launch.plain(extraJvmFlags));
    }

    /**
     * How an environment's process is started beyond what every environment gets.
     *
     * @param jvmFlags    added after Lambda's flags (a class-data archive, or the flag that writes one)
     * @param niceness    the process's scheduling priority on a shared CPU (0: the platform's own; higher: yields)
     * @param provisioned started ahead of traffic (provisioned concurrency) rather than by an invocation
     */
    public record Launch(List<String> jvmFlags, int niceness, boolean provisioned) {
        public Launch {
            jvmFlags = List.copyOf(jvmFlags);
            if (niceness < 0 || niceness > 19) throw new IllegalArgumentException("niceness must be 0..19");
        }

        public static Launch plain(List<String> jvmFlags) { return new Launch(jvmFlags, 0, false); }
    }

    static ProcessInstance start(String id, FunctionSpec function, Path code, Map<String, String> environment, RuntimeHome home,
                                 Duration initLimit, Consumer<String> log, Launch launch) {
        long start = System.nanoTime();
        RuntimeApi api = new RuntimeApi(id);
        Process process;
        try {
            List<String> command = new ArrayList<>(Priority.command(launch.niceness()));
            command.add(home.java().toString());
            command.addAll(JVM_FLAGS);
            command.add("-Xmx" + heapMb(function.memoryMb()) + "m");
            command.addAll(launch.jvmFlags());
            command.add("-D" + RuntimeHome.JNI_PROPERTY + "=" + home.nativeLibrary());
            command.addAll(List.of("-cp", home.classpath(), RuntimeHome.RIC_MAIN, function.handler()));
            Path taskRoot = home.taskRoot(function, code);
            ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile()).redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            env.clear(); // nothing of the developer's shell leaks in: the function sees what Lambda would give it
            env.putAll(environment);
            env.put("AWS_LAMBDA_RUNTIME_API", api.address());
            env.put("_HANDLER", function.handler());
            env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
            env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java" + Runtime.version().feature());
            env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
            env.put("AWS_LAMBDA_INITIALIZATION_TYPE", launch.provisioned() ? "provisioned-concurrency" : "on-demand");
            env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.name());
            env.put("AWS_LAMBDA_LOG_STREAM_NAME", id);
            env.put("TZ", ":UTC");
            env.put("LANG", "en_US.UTF-8");
            env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            api.close();
            throw new InitFailure(function.name() + ": cannot start an execution environment: " + e.getMessage(), e);
        }
        forwardOutput(id, process, log);
        try {
            Object first = CompletableFuture.anyOf(api.initDone(), process.onExit()).get(initLimit.toMillis(), TimeUnit.MILLISECONDS);
            if (first instanceof Process p) throw new InitFailure(function.name() + ": runtime exited during init with status " + p.exitValue(), null);
            if (first instanceof String error) throw new InitFailure(function.name() + ": init failed: " + error, null);
            return new ProcessInstance(id, function, process, api, System.nanoTime() - start, process.info().totalCpuDuration().orElse(Duration.ZERO));
        } catch (TimeoutException e) {
            stop(process, api);
            throw new InitFailure(function.name() + ": init did not finish within " + initLimit.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process, api);
            throw new InitFailure(function.name() + ": interrupted during init", e);
        } catch (ExecutionException | InitFailure e) {
            stop(process, api);
            throw e instanceof InitFailure f ? f : new InitFailure(function.name() + ": init failed: " + e.getCause(), e);
        }
    }

    /** Lambda gives the JVM most of the configured memory as heap; the rest is metaspace, code and stacks. */
    static int heapMb(int memoryMb) {
        return Math.max(64, memoryMb * 85 / 100);
    }

    String id() { return id; }

    long pid() { return process.pid(); }

    boolean alive() { return process.isAlive(); }

    public long initMillis() { return initNanos / 1_000_000; }

    /** The CPU time its process had spent when init ended: what starting it cost (zero where the operating system does not say). */
    public Duration initCpu() { return initCpu; }

    /** Stops the process the polite way (SIGTERM), so that the JVM runs its exit work (e.g. writes a CDS archive). */
    public void stopGracefully() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly(); // the caller is stopping: leave no process behind
            Thread.currentThread().interrupt();
        }
        api.close();
    }

    /** Runs one event; on a timeout or a dead runtime the instance is stopped and must be discarded. */
    public InvocationResult invoke(byte[] event, String requestId, long deadlineMillis) {
        String arn = "arn:aws:lambda:us-east-1:000000000000:function:" + function.name();
        synchronized (invocation) {
            invoking = true;
            killedMidInvocation = false;
        }
        try {
            return awaitOutcome(event, requestId, deadlineMillis, arn);
        } finally {
            synchronized (invocation) {
                invoking = false;
            }
        }
    }

    /**
     * The fault {@code kill:<function>}: SIGKILL to this environment if an invocation is in flight, true if so. That
     * invocation then ends as a crash even when its answer came in meanwhile: the environment died before the answer
     * was handed on, as Lambda loses the answer of an environment that dies while posting it.
     */
    public boolean killMidInvocation() {
        synchronized (invocation) {
            if (!invoking || !process.isAlive()) return false;
            killedMidInvocation = true;
            process.destroyForcibly();
            return true;
        }
    }

    private boolean answerStands() {
        synchronized (invocation) {
            invoking = false; // from here on a kill finds no invocation in flight
            return !killedMidInvocation;
        }
    }

    private InvocationResult awaitOutcome(byte[] event, String requestId, long deadlineMillis, String arn) {
        CompletableFuture<RuntimeApi.Outcome> outcome = api.submit(requestId, event, deadlineMillis, arn);
        try {
            CompletableFuture<Object> done = CompletableFuture.anyOf(outcome, process.onExit());
            Object first = null;
            // wait in slices, watching the memory limit: Lambda stops an environment that goes over its memory size
            while (first == null) {
                long left = deadlineMillis - System.currentTimeMillis();
                if (left <= 0) throw new TimeoutException();
                try {
                    first = done.get(Math.min(left, 250), TimeUnit.MILLISECONDS);
                } catch (TimeoutException slice) {
                    if (residentMemoryMb() > function.memoryMb()) {
                        close();
                        String message = "Runtime exited with error: signal: killed (over the " + function.memoryMb() + " MB memory size)";
                        return new InvocationResult(InvocationResult.Status.CRASH, errorDocument(message, "Runtime.OutOfMemory"), "Runtime.OutOfMemory", message);
                    }
                }
            }
            if (first instanceof RuntimeApi.Outcome o && answerStands()) {
                if (!o.failed()) return InvocationResult.success(o.payload());
                return new InvocationResult(InvocationResult.Status.ERROR, o.payload(), o.errorType(), new String(o.payload(), StandardCharsets.UTF_8));
            }
            return crashed();
        } catch (TimeoutException e) {
            close();
            String message = "Task timed out after " + function.timeoutSeconds() + ".00 seconds";
            return new InvocationResult(InvocationResult.Status.TIMEOUT, errorDocument(message, "Sandbox.Timedout"), "Sandbox.Timedout", message);
        } catch (ExecutionException e) {
            return crashed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            return crashed();
        }
    }

    private InvocationResult crashed() {
        close();
        int exit = process.isAlive() ? -1 : process.exitValue();
        String message = exit > 128 ? "Runtime exited with error: signal: " + signalName(exit - 128) : "Runtime exited with error: exit status " + exit;
        return new InvocationResult(InvocationResult.Status.CRASH, errorDocument(message, "Runtime.ExitError"), "Runtime.ExitError", message);
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 9 -> "killed";
            case 15 -> "terminated";
            case 6 -> "aborted";
            default -> "signal " + signal;
        };
    }

    private static byte[] errorDocument(String message, String type) {
        return ("{\"errorMessage\":\"" + message + "\",\"errorType\":\"" + type + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Peak resident memory of the process so far (Lambda's "Max Memory Used"), in MB; -1 where /proc is missing. */
    long maxMemoryUsedMb() {
        return procStatusMb("VmHWM:");
    }

    private long residentMemoryMb() {
        return procStatusMb("VmRSS:");
    }

    private long procStatusMb(String field) {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(field)) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            // the process is gone, or not on Linux
        }
        return -1;
    }

    private static void forwardOutput(String id, Process process, Consumer<String> log) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) log.accept(line);
            } catch (IOException e) {
                // the process ended
            }
        }, "log-" + id);
        reader.setDaemon(true);
        reader.start();
    }

    /** Stops the process (SIGKILL, as Lambda stops a timed-out environment) and its Runtime API. */
    @Override
    public void close() {
        stop(process, api);
    }

    private static void stop(Process process, RuntimeApi api) {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        api.close();
    }

    /** Init failed: Lambda reports it on the invocation that needed the environment. */
    public static final class InitFailure extends RuntimeException {
        InitFailure(String message, Throwable cause) { super(message, cause); }
    }
}
