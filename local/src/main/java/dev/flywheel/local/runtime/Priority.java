package dev.flywheel.local.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * The laptop's stand-in for Lambda's CPU per execution environment. On AWS every environment has its own share of
 * a CPU, so a worker draining a backlog never slows the API; here every environment shares two or so cores. The
 * environments of functions that only queues feed therefore run at a lower scheduling priority (a higher
 * {@code nice} value): when the accept path needs the CPU it gets it at once, and when it is idle the workers
 * get all of it, so the queues still drain at full speed.
 */
public final class Priority {
    /** The niceness of queue-fed environments by default: CFS weighs nice 10 at about a tenth of nice 0. */
    public static final int WORKER_NICENESS = 10;

    private static final Path NICE = Path.of("/usr/bin/nice");

    private Priority() {}

    /** The command prefix that starts a process at {@code niceness}; empty for 0 or where {@code nice} is missing. */
    static List<String> command(int niceness) {
        if (niceness == 0 || !Files.isExecutable(NICE)) return List.of();
        return List.of(NICE.toString(), "-n", Integer.toString(niceness));
    }

    /** The niceness a running process has (Linux: field 19 of {@code /proc/<pid>/stat}); empty elsewhere. */
    public static OptionalInt of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces and parentheses: count fields after its closing ')'
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalInt.of(Integer.parseInt(rest[16]));
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }
}
