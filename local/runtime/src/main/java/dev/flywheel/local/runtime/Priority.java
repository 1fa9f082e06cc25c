package dev.flywheel.local.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * The laptop's stand-in for Lambda's CPU per execution environment. On AWS every environment has its own share of
 * a CPU, so a worker draining a backlog never slows the API; here every environment shares two or so cores. The
 * environments of functions that only queues feed therefore run at a lower scheduling priority (a higher
 * {@code nice} value): when the accept path needs the CPU it gets it at once, and when it is idle the workers
 * get all of it, so the queues still drain at full speed.
 *
 * <p>The same holds for the platform's own threads that serve those environments (their event-source pollers,
 * Runtime API, log pumps and metered SQS/DynamoDB endpoint): otherwise the platform JVM, at nice 0, would spend a
 * core on the workers' behalf and the accept path's calls would queue behind theirs. Linux gives every thread its
 * own nice value, and a new thread starts with its creator's, so lowering the thread that builds a component
 * lowers every thread the component starts.
 */
public final class Priority {
    /**
     * The niceness of queue-fed environments by default. CFS weighs nice 10 at 110 against nice 0's 1,024. Nice 19
     * (weight 15) protected the spike's p99 a little better, but starved workers past their function timeouts: CI
     * saw payments-worker (3 s timeout in ElasticityIT) time out and cold-start again for 100 s, and a spike run
     * saw inventory-worker batches time out at 30 s. A timed-out batch is retried and, after maxReceiveCount,
     * dead-lettered: at 10 the workers keep a share that keeps them inside their timeouts.
     */
    public static final int WORKER_NICENESS = 10;

    private static final Path NICE = Path.of("/usr/bin/nice");
    private static final Path RENICE = Path.of("/usr/bin/renice");
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private Priority() {}

    /**
     * The command prefix that starts a process at {@code niceness}; empty when the calling thread is already there or
     * {@code nice} is missing. {@code nice -n} adds to the niceness of the thread that starts it, and a poller that
     * starts a worker's environment is itself lowered: the increment is what is left to add.
     */
    static List<String> command(int niceness) {
        int increment = niceness - ofCurrentThread().orElse(0);
        if (increment <= 0 || !Files.isExecutable(NICE)) return List.of();
        return List.of(NICE.toString(), "-n", Integer.toString(increment));
    }

    /**
     * Lowers the calling thread to {@code niceness} (Linux; anywhere else, or for 0, nothing happens). Java has no
     * call for it, so the thread's id is read from {@code /proc/thread-self} and handed to {@code renice}, which
     * applies to one thread when given a thread id: a few milliseconds, once per long-lived thread.
     */
    public static void lowerCurrentThread(int niceness) {
        if (niceness == 0 || !Files.isExecutable(RENICE) || !Files.exists(THREAD_SELF)) return;
        try {
            String tid = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
            Process p = new ProcessBuilder(RENICE.toString(), "-n", Integer.toString(niceness), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor();
        } catch (IOException e) {
            // no priority is not an error: the thread runs at the platform's own
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Daemon threads named {@code name} that lower themselves to {@code niceness} before their first task. */
    public static ThreadFactory threads(String name, int niceness) {
        return r -> {
            Thread t = new Thread(() -> {
                lowerCurrentThread(niceness);
                r.run();
            }, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Builds something on a thread lowered to {@code niceness}, so that every thread it starts then (a server's
     * dispatcher, a client's selector) and every thread those start inherit the lower priority.
     */
    public static <T> T createdAt(int niceness, Supplier<T> creator) {
        if (niceness == 0) return creator.get();
        CompletableFuture<T> made = new CompletableFuture<>();
        threads("lowered-creator", niceness).newThread(() -> {
            try {
                made.complete(creator.get());
            } catch (RuntimeException | Error e) {
                made.completeExceptionally(e);
            }
        }).start();
        try {
            return made.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    /** The niceness of the calling thread (Linux), empty elsewhere. */
    public static OptionalInt ofCurrentThread() {
        try {
            return niceIn(Files.readString(THREAD_SELF.resolve("stat")));
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /** The niceness a running process has (Linux: field 19 of {@code /proc/<pid>/stat}); empty elsewhere. */
    public static OptionalInt of(long pid) {
        try {
            return niceIn(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    private static OptionalInt niceIn(String stat) {
        // the command name (field 2) may hold spaces and parentheses: count fields after its closing ')'
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return OptionalInt.of(Integer.parseInt(rest[16]));
    }
}
